using System.Collections.Concurrent;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Matching.Core.Extraction.Text;

/// <summary>
/// Russian stems from Lucene.Net's Snowball stemmer, cached process-wide. Words shorter than four letters are kept
/// whole: the stemmer would fold "ИИ" into the conjunction "и", and short words carry no inflection worth removing.
/// </summary>
internal static class RussianStemming
{
    private const int MinLength = 4;
    private const int CacheLimit = 200_000;

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CacheBySpan =
        Cache.GetAlternateLookup<ReadOnlySpan<char>>();

    [ThreadStatic] private static RussianStemmer? t_stemmer;

    /// <summary>The stem of a lowercase Cyrillic word (ё already folded to е).</summary>
    public static string Stem(string word)
    {
        if (word.Length < MinLength) return word;
        if (Cache.TryGetValue(word, out var cached)) return cached;
        var stem = Compute(word);
        if (Cache.Count < CacheLimit) Cache.TryAdd(word, stem);
        return stem;
    }

    /// <summary>The stem of a lowercase Cyrillic word given as a span; allocates only on a cache miss.</summary>
    public static string Stem(ReadOnlySpan<char> word)
    {
        if (CacheBySpan.TryGetValue(word, out var cached)) return cached;
        return Stem(word.ToString());
    }

    private static string Compute(string word)
    {
        var stemmer = t_stemmer ??= new RussianStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        var stem = stemmer.Current;
        return stem.Length >= 2 ? stem : word;
    }
}
