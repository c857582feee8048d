using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ActressOnnx.Train.Clean;

/// <summary>
/// Who may use the cleaner: whoever holds this run's secret token, which <c>clean</c> prints in the page's URL (as
/// Jupyter does). Opening that URL stores the token in a same-site, script-proof cookie for this port, so the page's
/// images and API calls carry it; every other request is refused. Writes (anything but GET/HEAD) must also send the
/// token in the <see cref="HeaderName"/> header, which a page of another origin cannot add without a CORS preflight
/// the cleaner never grants, and must not come from another origin (Origin, Sec-Fetch-Site).
/// </summary>
internal static class CleanAccess
{
    public const string HeaderName = "X-Cleaner-Token";
    public const string QueryName = "token";

    /// <summary>A fresh 256-bit token, URL-safe.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The cookie name: one per port, since browsers share cookies between the ports of one host.</summary>
    public static string CookieName(HttpContext context) => $"cleaner-token-{context.Connection.LocalPort}";

    public static async Task InvokeAsync(HttpContext context, Func<Task> next, string token)
    {
        var request = context.Request;
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (!isRead && !IsSameOrigin(request))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "cross_origin", "The cleaner accepts changes only from its own page, not from another site.").ConfigureAwait(false);
            return;
        }

        var fromQuery = request.Query[QueryName].ToString();
        var fromHeader = request.Headers[HeaderName].ToString();
        var fromCookie = request.Cookies[CookieName(context)] ?? string.Empty;
        var allowed = isRead
            ? Matches(fromQuery, token) || Matches(fromHeader, token) || Matches(fromCookie, token)
            : Matches(fromHeader, token);
        if (!allowed)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "token_required", isRead
                ? "This cleaner needs its token: open the full URL 'actressonnx clean' printed (it ends in ?token=...)."
                : $"Changes need the {HeaderName} header with this run's token; use the page at the URL 'actressonnx clean' printed.").ConfigureAwait(false);
            return;
        }

        if (Matches(fromQuery, token))
        {
            context.Response.Cookies.Append(CookieName(context), token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
        }

        await next().ConfigureAwait(false);
    }

    private static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static bool Matches(string candidate, string token) =>
        candidate.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(token));

    private static Task RefuseAsync(HttpContext context, int status, string code, string detail) =>
        Results.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(context);
}
