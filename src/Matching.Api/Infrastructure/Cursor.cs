using System.Buffers.Text;
using System.Text;

namespace Matching.Api.Infrastructure;

/// <summary>Opaque page cursors: base64url of the last id of the page.</summary>
public static class Cursor
{
    private const string Prefix = "c1:";

    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastId));

    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool IsWellFormed(string? cursor) => string.IsNullOrEmpty(cursor) || Decode(cursor) is not null;
}
