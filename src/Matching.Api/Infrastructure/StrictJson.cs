using System.Text.Json;
using FluentValidation.Results;

namespace Matching.Api.Infrastructure;

/// <summary>Turns a request body the serializer refused into a validation failure that names the field as the client wrote it.</summary>
public static class StrictJson
{
    public static ValidationFailure Failure(JsonException exception)
    {
        var field = Field(exception.Path);
        var message = exception.Message;
        string reason;
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) || message.Contains("duplicate", StringComparison.Ordinal))
            reason = field is null
                ? "A key appears twice in one JSON object; send each field once."
                : $"'{field}' appears twice in one JSON object; send each field once.";
        else if (message.Contains("could not be converted to", StringComparison.Ordinal) && field is not null)
            reason = $"'{field}' must be {Expected(message)}.";
        else if (field is not null)
            reason = $"The body is not valid JSON for this request at '{field}'.";
        else
            reason = "The body is not valid JSON.";
        return new ValidationFailure(field ?? "body", reason);
    }

    /// <summary>"$.requirements[0].minLevel" → "requirements[0].minLevel"; null for the root.</summary>
    private static string? Field(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? null : field;
    }

    private static string Expected(string message)
    {
        var type = message[(message.IndexOf("could not be converted to", StringComparison.Ordinal) + "could not be converted to".Length)..];
        type = type.Split('.', 2) is [var ns, var rest] && ns.Trim() == "System" ? rest : type;
        type = type.Split([' ', '|'], 2)[0].TrimEnd('.');
        return type switch
        {
            "Int32" or "Int64" or "Double" or "Single" or "Decimal" or "Nullable`1[System.Int32]" => "a JSON number (not a string)",
            "Boolean" => "true or false (not a string)",
            "String" => "a JSON string",
            _ => "of another JSON type",
        };
    }
}
