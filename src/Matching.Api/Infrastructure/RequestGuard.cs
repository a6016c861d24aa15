using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Checks every request before routing and answers what fails with a problem, not a bare status:
/// <list type="bullet">
/// <item>a declared body over <see cref="ApiLimits.MaxRequestBodyBytes"/>: 413 (Kestrel also stops bodies of unknown length there);</item>
/// <item>a request target over <see cref="ApiLimits.MaxUrlChars"/>: 414; headers over <see cref="ApiLimits.MaxRequestHeadersBytes"/>
/// or <see cref="ApiLimits.MaxRequestHeaderCount"/>: 431 (Kestrel's own, bodiless limits are set well above these, see
/// <see cref="KestrelHardLimits"/>);</item>
/// <item>a path or query string carrying NUL or other control characters (e.g. <c>%00</c>): 400, as no id or filter
/// legitimately contains them and databases refuse them in text.</item>
/// </list>
/// It also makes bodiless reads work for clients that send <c>Content-Type: application/json</c> on every request: GET,
/// HEAD, DELETE and OPTIONS have no body here, so their Content-Type is dropped; HEAD is served as GET (the server sends
/// the headers only). And a body that fails while it is read (a client too slow for the minimum data rate, a body
/// over the limit without Content-Length, broken chunking) is answered as a problem and logged in one line, not as an
/// unhandled exception.
/// </summary>
public sealed class RequestGuard(RequestDelegate next, ApiLimits limits, ILogger<RequestGuard> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (Reject(context) is { } rejection)
        {
            await rejection;
            return;
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method)
            || HttpMethods.IsOptions(request.Method))
            request.Headers.Remove(HeaderNames.ContentType);
        // Only the request's method text changes: the server still knows it answers a HEAD and sends no body.
        if (HttpMethods.IsHead(request.Method)) request.Method = HttpMethods.Get;

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e)
        {
            var type = e.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => ProblemTypes.RequestTimeout,
                StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
                StatusCodes.Status431RequestHeaderFieldsTooLarge => ProblemTypes.HeadersTooLarge,
                _ => ProblemTypes.BadRequest,
            };
            log.LogInformation("Request {Method} {Path} failed while reading it: {Status} {Code}",
                request.Method, request.Path, e.StatusCode, type.Code);
            await Problems.WriteAsync(context, type, type == ProblemTypes.PayloadTooLarge
                ? $"Request bodies are limited to {limits.MaxRequestBodyBytes} bytes."
                : type == ProblemTypes.RequestTimeout
                    ? "The request body did not arrive in time."
                    : "The request could not be read.");
        }
    }

    private Task? Reject(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > limits.MaxRequestBodyBytes)
            return Problems.WriteAsync(context, ProblemTypes.PayloadTooLarge, $"Request bodies are limited to {limits.MaxRequestBodyBytes} bytes.");

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw.Length
            : request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > limits.MaxUrlChars)
            return Problems.WriteAsync(context, ProblemTypes.UriTooLong,
                $"The request target (path and query string) is limited to {limits.MaxUrlChars} characters.");

        if (request.Headers.Count > limits.MaxRequestHeaderCount || HeaderBytes(request.Headers) > limits.MaxRequestHeadersBytes)
            return Problems.WriteAsync(context, ProblemTypes.HeadersTooLarge,
                $"Request headers are limited to {limits.MaxRequestHeaderCount} fields and {limits.MaxRequestHeadersBytes} bytes in all.");

        var errors = new List<FieldError>();
        if (ControlCharacterGuard.HasControl(request.Path.Value))
            errors.Add(new FieldError("path", "The path must not contain control characters."));
        foreach (var (key, values) in request.Query)
            if (ControlCharacterGuard.HasControl(key) || values.Any(ControlCharacterGuard.HasControl))
                errors.Add(new FieldError(ControlCharacterGuard.HasControl(key) ? "query" : key, $"{(ControlCharacterGuard.HasControl(key) ? "A query parameter name" : key)} must not contain control characters."));
        if (errors.Count > 0)
            return Problems.WriteAsync(context, ProblemTypes.ValidationFailed, "The path or query string contains control characters.",
                new Dictionary<string, object?> { ["errors"] = errors });
        return null;
    }

    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
            foreach (var value in values)
                total += name.Length + (value?.Length ?? 0) + 4; // "name: value\r\n"
        return total;
    }
}

/// <summary>
/// Kestrel's own limits on the request line and headers. Kestrel answers requests over them with a bare status before
/// any middleware runs, so they sit well above <see cref="ApiLimits"/>' (which <see cref="RequestGuard"/> answers with a
/// problem): only requests far over the documented limits meet the bare answer.
/// </summary>
public static class KestrelHardLimits
{
    public const int RequestLineBytes = 256 * 1024;
    public const int RequestHeadersBytes = 256 * 1024;
    public const int RequestHeaderCount = 1000;
}
