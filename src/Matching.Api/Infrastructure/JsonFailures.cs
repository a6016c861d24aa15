using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation.Results;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Body and query binding failures in the client's terms: the field as they wrote it (<c>questionnaire.content</c>,
/// <c>topK</c>) and what kind of value it needs, never .NET type names or serializer internals.
/// </summary>
public static partial class JsonFailures
{
    /// <summary>The failure's error code when the body is not well-formed JSON at all (problem type malformed-json).</summary>
    public const string MalformedCode = "malformed-json";

    public static ValidationFailure From(JsonException e)
    {
        var field = FieldOf(e.Path);
        if (e.Message.Contains("uplicate", StringComparison.Ordinal))
            return new ValidationFailure(field, field == "body"
                ? "A key appears twice in one JSON object; send each field once."
                : $"'{field}' appears twice in one JSON object; send each field once.");
        // The reader's own exceptions (bad syntax, an empty body, a truncated document) mean the body is not JSON;
        // conversion failures (a string where a number belongs) are field errors in well-formed JSON.
        if (e.InnerException?.GetType().Name == "JsonReaderException" || e.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            var empty = e.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal);
            return new ValidationFailure("body", empty
                ? "The request body is empty; send a JSON object."
                : $"The request body is not well-formed JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).")
            {
                ErrorCode = MalformedCode,
            };
        }
        var expected = Expected(e);
        return new ValidationFailure(field, field == "body"
            ? $"The request body must be {(expected == "an object" ? "a JSON object" : expected)}."
            : $"'{field}' must be {expected}.");
    }

    /// <summary>For query and route values that do not parse (<c>?limit=abc</c>).</summary>
    public static string QueryFailure(Type type, string name, Microsoft.Extensions.Primitives.StringValues value) => $"'{name}' must be {Describe(type)}.";

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        var p = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        p = QuotedName().Replace(p, m => "." + m.Groups[1].Value).TrimStart('.');
        return p.Length == 0 ? "body" : p;
    }

    private static string Expected(JsonException e)
    {
        if (e.InnerException is InvalidOperationException inner)
        {
            // "Cannot get the value of a token type 'Number' as a string."
            var m = TokenAs().Match(inner.Message);
            if (m.Success) return Article(m.Groups[1].Value);
        }
        var converted = ConvertedTo().Match(e.Message);
        if (converted.Success && Type.GetType(converted.Groups[1].Value) is { } t) return Describe(t);
        if (converted.Success)
            return converted.Groups[1].Value switch
            {
                var n when n.Contains("List`1", StringComparison.Ordinal) || n.EndsWith("[]", StringComparison.Ordinal) => "an array",
                _ => "an object",
            };
        return e.InnerException is FormatException or OverflowException ? "a number in range" : "a value of the right type";
    }

    private static string Article(string kind) => kind switch
    {
        "string" => "a string",
        "number" or "Number" => "a number",
        "boolean" => "true or false",
        _ => "a " + kind.ToLowerInvariant(),
    };

    public static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "a string";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(int) || t == typeof(long)) return "an integer";
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal)) return "a number";
        if (t.IsArray || (t.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(t))) return "an array";
        return "an object";
    }

    [GeneratedRegex(@"\['([^']*)'\]")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"token type '[^']+' as an? (\w+)")]
    private static partial Regex TokenAs();

    [GeneratedRegex(@"could not be converted to ([^ ]+?)\.? Path:")]
    private static partial Regex ConvertedTo();
}
