using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>
/// The MediaWiki Action API of Wikimedia Commons as <c>gather</c> uses it: <c>action=query</c>, <c>formatversion=2</c>,
/// <c>generator=search</c> over the File namespace with <c>gsrlimit</c>/<c>gsroffset</c>, <c>prop=imageinfo</c> with a
/// rendition (<c>thumburl</c>), description page, size, MIME type and <c>extmetadata</c>; <c>continue</c> paging; pages
/// listed in page-id order, not by rank (their <c>index</c> is the rank); <c>maxlag</c> answered with error "maxlag",
/// HTTP 200 and a Retry-After header; 403 for a User-Agent that gives no contact (an e-mail address or URL in
/// parentheses), as Wikimedia's policy says.
/// </summary>
internal sealed class FakeWikimediaCommons
{
    private int _lagged;

    public List<FakeCommonsFile> Files { get; } = [];

    /// <summary>The most files one answer holds, whatever gsrlimit asks.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>The next this many requests are answered with a maxlag error.</summary>
    public int Lagged
    {
        get => Volatile.Read(ref _lagged);
        set => Volatile.Write(ref _lagged, value);
    }

    /// <summary>The Retry-After of a maxlag answer, in seconds.</summary>
    public string LagRetryAfter { get; set; } = "1";

    public async Task ApiAsync(HttpContext context, Func<FakeResponse?> scripted, Func<string, string> url, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var userAgent = context.Request.Headers.UserAgent.ToString();
        if (!userAgent.Contains('(', StringComparison.Ordinal) || !(userAgent.Contains('@', StringComparison.Ordinal) || userAgent.Contains("://", StringComparison.Ordinal)))
        {
            await FakeImageWeb.WriteAsync(context, new FakeResponse(403, "Please set a user-agent and respect our robot policy https://w.wiki/4wJS."u8.ToArray(), "text/plain"), cancellationToken);
            return;
        }

        if (query["action"] != "query" || query["format"] != "json" || query["formatversion"] != "2" || query["generator"] != "search"
            || query["gsrnamespace"] != "6" || query["prop"] != "imageinfo" || string.IsNullOrEmpty(query["maxlag"]))
        {
            await FakeImageWeb.WriteJsonAsync(context, 200, Error("badvalue", "The fake understands only the query gather sends."), cancellationToken);
            return;
        }

        if (scripted() is { } response)
        {
            await FakeImageWeb.WriteAsync(context, response, cancellationToken);
            return;
        }

        if (Interlocked.Decrement(ref _lagged) >= 0)
        {
            var lag = Error("maxlag", "Waiting for 10.64.48.23: 7 seconds lagged.");
            lag["error"]["lag"] = 7;
            await FakeImageWeb.WriteAsync(
                context,
                new FakeResponse(200, JsonSerializer.SerializeToUtf8Bytes(lag), "application/json")
                {
                    Headers = new Dictionary<string, string> { ["Retry-After"] = LagRetryAfter, ["X-Database-Lag"] = "7" },
                },
                cancellationToken);
            return;
        }

        Interlocked.Exchange(ref _lagged, 0);
        var offset = int.TryParse(query["gsroffset"], NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var limit = int.Parse(query["gsrlimit"].ToString(), CultureInfo.InvariantCulture);
        var page = Files.Skip(offset).Take(Math.Min(limit, PageSize)).Select((file, i) => Page(file, offset + i + 1, url)).ToList();
        page.Reverse(); // the API lists pages by page id; "index" is the search rank
        var body = new Dictionary<string, object> { ["batchcomplete"] = true, ["query"] = new Dictionary<string, object> { ["pages"] = page } };
        if (offset + page.Count < Files.Count)
        {
            body["continue"] = new Dictionary<string, object> { ["gsroffset"] = offset + page.Count, ["continue"] = "gsroffset||" };
        }

        await FakeImageWeb.WriteJsonAsync(context, 200, body, cancellationToken);
    }

    private static Dictionary<string, object> Page(FakeCommonsFile file, int index, Func<string, string> url)
    {
        var page = new Dictionary<string, object>
        {
            ["pageid"] = 100_000 + index,
            ["ns"] = 6,
            ["title"] = file.Title,
            ["index"] = index,
        };
        if (file.NoImageInfo)
        {
            page["imagerepository"] = string.Empty;
            return page;
        }

        var meta = new Dictionary<string, object>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                meta[name] = new Dictionary<string, string> { ["value"] = value, ["source"] = "commons-desc-page", ["hidden"] = string.Empty };
            }
        }

        Add("LicenseShortName", file.Licence);
        Add("LicenseUrl", file.Licence is null ? null : file.LicenceUrl);
        Add("Artist", file.ArtistHtml);
        var description = url("wiki/" + Uri.EscapeDataString(file.Title.Replace(' ', '_')).Replace("%3A", ":", StringComparison.Ordinal));
        page["imagerepository"] = "local";
        page["imageinfo"] = new[]
        {
            new Dictionary<string, object>
            {
                ["size"] = 4_000_000,
                ["width"] = 4000,
                ["height"] = 3000,
                ["thumburl"] = file.ThumbUrl,
                ["thumbwidth"] = 1024,
                ["thumbheight"] = 768,
                ["url"] = url("original/" + index.ToString(CultureInfo.InvariantCulture) + ".jpg"),
                ["descriptionurl"] = description,
                ["descriptionshorturl"] = url("w/index.php?curid=" + (100_000 + index).ToString(CultureInfo.InvariantCulture)),
                ["mime"] = file.Mime,
                ["extmetadata"] = meta,
            },
        };
        return page;
    }

    private static Dictionary<string, Dictionary<string, object>> Error(string code, string info) =>
        new() { ["error"] = new Dictionary<string, object> { ["code"] = code, ["info"] = info, ["*"] = "See https://commons.wikimedia.org/w/api.php for API usage." } };
}
