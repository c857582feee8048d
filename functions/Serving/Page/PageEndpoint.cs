using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ActressOnnx.Serving.Page;

/// <summary>
/// The web page people use (<c>GET /</c> on a standalone host, <c>GET /api/app</c> under the Functions host): choose,
/// drop or take a photo, which the page shrinks and POSTs to <c>/api/predict</c>, and see the answer.
/// <c>Page/index.html</c>, <c>page.css</c> and the scripts are embedded resources, put together once into one
/// self-contained document (no other request, no CDN) under a Content-Security-Policy that allows only that script
/// and style (by hash), calls to this origin and previews of the chosen photo.
/// </summary>
public static class PageEndpoint
{
    private const string ResourcePrefix = "ActressOnnx.Serving.Page.";

    // One inline script, in this order: page.js uses what the others define.
    private static readonly string[] ScriptFiles = ["photo.js", "function-key.js", "page.js"];
    private static PageDocument? s_document;

    /// <summary>Answers the page (200, or 304 when the browser's copy is current).</summary>
    public static FileContentHttpResult Handle(HttpContext context, IOptions<ServingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var document = GetDocument(options.Value.MaxRequestBytes);
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = document.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Bytes(document.Html, "text/html; charset=utf-8", entityTag: document.ETag);
    }

    /// <summary>The page as served with the given upload limit (which it checks before sending a photo it cannot shrink).</summary>
    internal static PageDocument GetDocument(long maxRequestBytes)
    {
        var document = s_document;
        if (document is null || document.MaxRequestBytes != maxRequestBytes)
        {
            document = Compose(maxRequestBytes);
            s_document = document;
        }

        return document;
    }

    private static PageDocument Compose(long maxRequestBytes)
    {
        var style = Read("page.css");
        var script = string.Join('\n', ScriptFiles.Select(Read));
        if (script.Contains("</script", StringComparison.OrdinalIgnoreCase) || style.Contains("</style", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("A script or page.css closes its own element; it cannot be inlined into index.html.");
        }

        var html = Read("index.html")
            .Replace("{{maxRequestBytes}}", maxRequestBytes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{style}}", style, StringComparison.Ordinal)
            .Replace("{{script}}", script, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(html);
        var policy = string.Join("; ",
            "default-src 'none'",
            $"script-src '{Sha256(script)}'",
            $"style-src '{Sha256(style)}'",
            "img-src blob: data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
        return new PageDocument(maxRequestBytes, bytes, etag, policy);
    }

    private static string Sha256(string content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The page resource {name} is not embedded; check the EmbeddedResource items in ActressOnnx.Functions.csproj.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The composed page: its bytes, validator and security policy.</summary>
    internal sealed record PageDocument(long MaxRequestBytes, byte[] Html, EntityTagHeaderValue ETag, string ContentSecurityPolicy);
}
