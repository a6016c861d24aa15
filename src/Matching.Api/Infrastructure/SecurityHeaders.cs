using Microsoft.Net.Http.Headers;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Headers on every response the pipeline sends, errors and 304s included:
/// <list type="bullet">
/// <item><c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c>, <c>X-Frame-Options: DENY</c>;</item>
/// <item>API answers: <c>Content-Security-Policy: default-src 'none'; frame-ancestors 'none'</c> (JSON runs no scripts);
/// Swagger UI and the OpenAPI document: only <c>frame-ancestors 'none'</c>, so Swagger UI's own scripts keep working;</item>
/// <item><c>Cache-Control: no-store</c> on every API answer that does not set its own: profiles, match results, jobs,
/// stored lists and runs carry personal or confidential data that no cache may keep. Taxonomy reads set
/// <c>private, no-cache</c> (see <see cref="ConditionalJson"/>).</item>
/// </list>
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string NoStore = "no-store";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        if (IsDocumentation(context.Request.Path))
        {
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            return;
        }
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        if (!headers.ContainsKey(HeaderNames.CacheControl)) headers.CacheControl = NoStore;
    }

    private static bool IsDocumentation(PathString path) =>
        path.StartsWithSegments("/swagger") || path.StartsWithSegments("/openapi");
}
