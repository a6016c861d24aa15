namespace Matching.Core.Extraction.Text;

/// <summary>
/// A cache key for a question or label: its length and a 64-bit FNV-1a hash of its characters. Caches keyed by it keep
/// no text, so nothing a candidate wrote (a label line, a question of a free-text CV) stays in memory after the
/// extraction that read it; two different questions sharing a key is about as likely as a 1 in 2^64 draw.
/// </summary>
internal readonly record struct QuestionKey(int Length, ulong Hash)
{
    public static QuestionKey Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return new QuestionKey(text.Length, hash);
    }
}
