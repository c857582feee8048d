using System.CommandLine;
using System.Globalization;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Commands;

/// <summary>
/// The options of <c>gather</c> that pick and configure where images come from, the keyless default, and the
/// licence filter; <see cref="CreateSource"/> builds the chosen <see cref="IImageUrlSource"/>.
/// </summary>
internal sealed class GatherSourceArguments
{
    /// <summary>Read for the User-Agent contact when --contact is not given.</summary>
    public const string ContactVariable = "GATHER_CONTACT";

    public Option<GatherProvider?> Provider { get; } = new("--provider")
    {
        Description = $"Where images come from: wikimedia (Wikimedia Commons, official API, no key, licence and author for every file), ddg (DuckDuckGo image search, no key, UNOFFICIAL: may refuse or break), brave (Brave Search image API, key in {BraveImageSearchClient.KeyVariable}), bing (Bing Image Search v7 protocol, key in {BingImageSearchClient.KeyVariable}; Microsoft retired the public Bing Search APIs on 2025-08-11, so it needs a compatible --bing-endpoint), or urls (URL files). Default: brave when {BraveImageSearchClient.KeyVariable} is set, else wikimedia.",
        HelpName = "wikimedia|ddg|brave|bing|urls",
    };

    public Option<Uri> BingEndpoint { get; } = Endpoint("--bing-endpoint", "Base URL of a Bing Image Search v7 compatible service (the public one was retired on 2025-08-11).", BingImageSearchClient.DefaultEndpoint);

    public Option<Uri> BraveEndpoint { get; } = Endpoint("--brave-endpoint", "Base URL of the Brave Search API.", BraveImageSearchClient.DefaultEndpoint);

    public Option<Uri> DdgEndpoint { get; } = Endpoint("--ddg-endpoint", "Base URL of DuckDuckGo (its search page and /i.js are asked there).", DuckDuckGoImageSearchClient.DefaultEndpoint);

    public Option<Uri> WikimediaEndpoint { get; } = Endpoint("--wikimedia-endpoint", "Base URL of the wiki whose MediaWiki API (/w/api.php) is searched.", WikimediaCommonsClient.DefaultEndpoint);

    public Option<string> SafeSearch { get; } = new("--safe-search")
    {
        Description = "DuckDuckGo safe search: on (default) or off.",
        DefaultValueFactory = _ => "on",
    };

    public Option<double> DdgInterval { get; } = new("--ddg-interval")
    {
        Description = "Least seconds between two DuckDuckGo requests (it refuses bursts).",
        DefaultValueFactory = _ => DuckDuckGoImageSearchClient.DefaultInterval.TotalSeconds,
    };

    public Option<int> WikimediaWidth { get; } = new("--wikimedia-width")
    {
        Description = "Width in pixels of the Wikimedia Commons rendition downloaded (smaller originals come as they are).",
        DefaultValueFactory = _ => WikimediaCommonsClient.DefaultThumbnailWidth,
    };

    public Option<string> Contact { get; } = new("--contact")
    {
        Description = $"An e-mail address or URL put in the User-Agent of every request, as Wikimedia's User-Agent policy asks (default: ${ContactVariable}).",
    };

    public Option<string> Licence { get; } = new("--licence")
    {
        Description = $"Keep only images under these licence families, comma-separated ({string.Join(", ", LicenceFilter.Families)}), e.g. cc-by,cc-by-sa,cc0,pd. Needs a provider that reports licences (wikimedia); an unknown licence is excluded.",
        HelpName = "FAMILIES",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Provider, BingEndpoint, BraveEndpoint, DdgEndpoint, WikimediaEndpoint, SafeSearch, DdgInterval, WikimediaWidth, Contact, Licence })
        {
            command.Options.Add(option);
        }

        SafeSearch.AcceptOnlyFromAmong("on", "off");
        DdgInterval.Validators.Add(r => { if (!(r.GetValueOrDefault<double>() >= 0)) { r.AddError("--ddg-interval cannot be negative."); } });
        WikimediaWidth.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--wikimedia-width must be at least 1."); } });
        Contact.Validators.Add(r => { if (r.GetValueOrDefault<string>() is { } c && c.Any(char.IsControl)) { r.AddError("--contact must be one line (an e-mail address or a URL)."); } });
    }

    /// <summary>
    /// The provider: the one named, else brave when its key is set, else wikimedia; <paramref name="notice"/> is the line
    /// to print when it was chosen by default, or null.
    /// </summary>
    public GatherProvider Resolve(ParseResult parse, Func<string, string?> environment, out string? notice)
    {
        if (parse.GetValue(Provider) is { } named)
        {
            notice = null;
            return named;
        }

        if (!string.IsNullOrWhiteSpace(environment(BraveImageSearchClient.KeyVariable)))
        {
            notice = $"No --provider given: using brave ({BraveImageSearchClient.KeyVariable} is set).";
            return GatherProvider.Brave;
        }

        notice = $"No --provider given and no {BraveImageSearchClient.KeyVariable}: using wikimedia (Wikimedia Commons: no key, an official API, a licence and author for every file). --provider ddg searches the whole web (unofficial).";
        return GatherProvider.Wikimedia;
    }

    /// <summary>The licence filter, or null; fails with one line when the provider cannot report licences.</summary>
    public LicenceFilter? ReadLicences(ParseResult parse, GatherProvider provider)
    {
        if (parse.GetValue(Licence) is not { } text)
        {
            return null;
        }

        LicenceFilter filter;
        try
        {
            filter = LicenceFilter.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliException(ex.Message, innerException: ex);
        }

        return provider == GatherProvider.Wikimedia
            ? filter
            : throw new CliException($"--licence needs a provider that reports licences, and {provider.ToString().ToLowerInvariant()} does not: use --provider wikimedia, or drop --licence.");
    }

    /// <summary>The User-Agent: the default one with the contact from --contact or <see cref="ContactVariable"/>.</summary>
    public string UserAgent(ParseResult parse, Func<string, string?> environment) =>
        GatherHttpOptions.WithContact(parse.GetValue(Contact) ?? environment(ContactVariable));

    public IImageUrlSource CreateSource(GatherProvider provider, ParseResult parse, Func<string, string?> environment, GatherHttpClients clients, GatherHttpOptions http, Action<RetryNotice>? onRetry) => provider switch
    {
        GatherProvider.Bing => new BingImageSearchClient(clients.CreateSearchClient(), parse.GetValue(BingEndpoint)!, RequireKey(environment, BingImageSearchClient.KeyVariable, "Bing")),
        GatherProvider.Brave => new BraveImageSearchClient(clients.CreateSearchClient(), parse.GetValue(BraveEndpoint)!, RequireKey(environment, BraveImageSearchClient.KeyVariable, "Brave")),
        GatherProvider.Ddg => new DuckDuckGoImageSearchClient(
            clients.CreateSearchClient(),
            parse.GetValue(DdgEndpoint)!,
            safeSearch: parse.GetValue(SafeSearch) != "off",
            new RequestPacer(TimeSpan.FromSeconds(parse.GetValue(DdgInterval))),
            http,
            onRetry),
        GatherProvider.Wikimedia => new WikimediaCommonsClient(clients.CreateSearchClient(), parse.GetValue(WikimediaEndpoint)!, parse.GetValue(WikimediaWidth), http, onRetry),
        _ => new UrlListImageSource(),
    };

    private static string RequireKey(Func<string, string?> environment, string variable, string provider)
    {
        var key = environment(variable);
        return string.IsNullOrWhiteSpace(key)
            ? throw new CliException($"Set {variable} to your {provider} search subscription key; the {provider.ToLowerInvariant()} provider reads it from there.")
            : key.Trim();
    }

    private static Option<Uri> Endpoint(string name, string description, Uri defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be an absolute http or https URL, got '{text}'."));
            return null;
        },
    };
}
