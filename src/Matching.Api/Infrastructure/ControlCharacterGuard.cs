namespace Matching.Api.Infrastructure;

/// <summary>Control characters in ids, filters and text (see <see cref="RequestGuard"/> for the path and query string).</summary>
public static class ControlCharacterGuard
{
    public static bool HasControl(string? value) => value is not null && value.Any(char.IsControl);

    /// <summary>For request bodies: NUL never belongs in text; other control characters are fine (tabs, newlines).</summary>
    public static bool HasNul(string? value) => value is not null && value.Contains('\0');
}
