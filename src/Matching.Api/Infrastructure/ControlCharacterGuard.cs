namespace Matching.Api.Infrastructure;

/// <summary>
/// Checks every request before routing: a declared body over the limit is a 413 (Kestrel also enforces the limit on
/// bodies of unknown length), and a path or query string carrying NUL or other control characters (e.g. <c>%00</c>)
/// is a 400: no id or filter legitimately contains them, and databases refuse them in text.
/// </summary>
public sealed class ControlCharacterGuard(RequestDelegate next, ApiLimits limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > limits.MaxRequestBodyBytes)
            return Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"Request bodies are limited to {limits.MaxRequestBodyBytes} bytes.");
        if (HasControl(request.Path.Value) || request.Query.Any(q => HasControl(q.Key) || q.Value.Any(HasControl)))
            return Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid request",
                "The path or query string contains control characters.");
        return next(context);
    }

    public static bool HasControl(string? value) => value is not null && value.Any(char.IsControl);

    /// <summary>For request bodies: NUL never belongs in text; other control characters are fine (tabs, newlines).</summary>
    public static bool HasNul(string? value) => value is not null && value.Contains('\0');
}
