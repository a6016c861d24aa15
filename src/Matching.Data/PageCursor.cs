using System.Buffers.Text;
using System.Text;

namespace Matching.Data;

/// <summary>
/// The opaque cursor of a listing: the last id of the previous page, base64url-encoded. Listings order by id, so
/// pages neither repeat nor skip items however many are written between two requests.
/// </summary>
public static class PageCursor
{
    private const int MaxIdLength = 200;

    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastId));

    /// <summary>False for anything <see cref="Encode"/> could not have produced (validators use this).</summary>
    public static bool TryDecode(string? cursor, out string lastId)
    {
        lastId = "";
        if (string.IsNullOrEmpty(cursor)) return true;
        if (cursor.Length > MaxIdLength * 2 || !Base64Url.IsValid(cursor)) return false;
        try
        {
            lastId = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
        return lastId.Length is > 0 and <= MaxIdLength && !lastId.Any(char.IsControl);
    }

    public static bool IsValid(string? cursor) => TryDecode(cursor, out _);

    /// <summary>The id to continue after ("" for the first page); throws <see cref="InvalidCursorException"/> for a bad cursor.</summary>
    internal static string After(string? cursor) =>
        TryDecode(cursor, out var lastId) ? lastId : throw new InvalidCursorException();

    internal static string? Next<T>(List<T> rows, int limit, Func<T, string> id)
    {
        if (rows.Count <= limit) return null;
        rows.RemoveRange(limit, rows.Count - limit);
        return Encode(id(rows[^1]));
    }
}
