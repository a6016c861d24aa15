using System.Collections.Frozen;

namespace Matching.Core.Extraction;

/// <summary>
/// Decides whether candidate text can be read at all (empty, binary, an encoded blob) and which language it is in:
/// Russian and English are read; another script or another Latin-script language is named and refused.
/// </summary>
internal static class TextChecks
{
    private const int MinEncodedChunk = 40;
    /// <summary>Fewer letters than this outside skill names: the language is judged on the whole text.</summary>
    private const int MinLanguageLetters = 12;

    public readonly record struct Verdict(ExtractionFailure? Failure, string? Language);

    public static Verdict Check(IReadOnlyList<string> texts, string? requested)
    {
        var s = new Stats();
        foreach (var t in texts) s.Add(t);
        if (s.NonBlank == 0)
            return Fail(ExtractionFailure.Empty, "The questionnaire has no text in it.");
        if (s.Nul > 0 || s.Control * 100 > s.Total)
            return Fail(ExtractionFailure.NotText, $"The questionnaire contains binary data ({s.Control + s.Nul} control characters).");
        if (s.Replacement * 50 > s.Total)
            return Fail(ExtractionFailure.NotText, "The questionnaire contains bytes that are not valid text (wrong encoding?).");
        if (s.EncodedChars * 2 > s.NonBlank)
            return Fail(ExtractionFailure.NotText, "The questionnaire looks like encoded data (base64 or hex), not written answers.");
        if (s.Letters == 0 || s.NonBlank >= 20 && s.Letters * 5 < s.NonBlank)
            return Fail(ExtractionFailure.NotText, "The questionnaire has almost no words in it.");

        var detected = DetectLanguage(s, texts);
        if (detected.Unsupported is { } name)
            return Fail(ExtractionFailure.UnsupportedLanguage,
                $"The questionnaire appears to be written in {name}; only Russian and English are supported.");
        var language = requested?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => detected.Language,
            "ru" or "en" => requested.Trim().ToLowerInvariant(),
            _ => null,
        };
        if (language is null)
            return Fail(ExtractionFailure.UnsupportedLanguage, $"Language '{requested}' is not supported; use ru, en or auto.");
        return new Verdict(null, language);

        static Verdict Fail(string code, string message) => new(new ExtractionFailure(code, message), null);
    }

    /// <summary>
    /// The language judged by the words the candidate wrote around the skill names, and by the questions: "Какие
    /// инструменты применяете?" answered "Docker, Git, Airflow" is a Russian questionnaire. Null when those words are too
    /// few to judge, or point to a language that is not supported (the whole text was judged already).
    /// </summary>
    public static string? Refine(IReadOnlyList<string> words)
    {
        var s = new Stats();
        foreach (var t in words) s.Add(t);
        if (s.Letters < MinLanguageLetters) return null;
        return DetectLanguage(s, words).Language;
    }

    private sealed class Stats
    {
        public int Total, NonBlank, Control, Nul, Replacement, Letters, Latin, Cyrillic, EncodedChars;
        public readonly Dictionary<string, int> OtherScripts = new(StringComparer.Ordinal);
        // Letters that tell languages apart, counted by code point: Latin with diacritics (U+0080–U+024F), Cyrillic (U+0400–U+04FF).
        private readonly int[] _latinMarked = new int[0x250];
        private readonly int[] _cyrillicMarked = new int[0x100];

        public int Marked(char c) => c < 0x250 ? _latinMarked[c] : c is >= '\u0400' and <= '\u04FF' ? _cyrillicMarked[c - 0x400] : 0;

        public int Marked(string letters)
        {
            var n = 0;
            foreach (var c in letters) n += Marked(c);
            return n;
        }

        public void Add(string text)
        {
            Total += text.Length;
            var chunkStart = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var c = i < text.Length ? text[i] : ' ';
                var blank = char.IsWhiteSpace(c);
                if (blank)
                {
                    if (chunkStart >= 0 && IsEncoded(text.AsSpan(chunkStart, i - chunkStart))) EncodedChars += i - chunkStart;
                    chunkStart = -1;
                    if (i == text.Length) break;
                    continue;
                }
                if (chunkStart < 0) chunkStart = i;
                NonBlank++;
                if (c == '\0') { Nul++; continue; }
                if (char.IsControl(c)) { Control++; continue; }
                if (c == '\uFFFD') { Replacement++; continue; }
                if (!char.IsLetter(c)) continue;
                Letters++;
                if (c < 128 || c is >= '\u00C0' and <= '\u024F')
                {
                    Latin++;
                    if (c >= 128 && char.ToLowerInvariant(c) is var lower && lower < 0x250) _latinMarked[lower]++;
                }
                else if (c is >= '\u0400' and <= '\u04FF')
                {
                    Cyrillic++;
                    var l = char.ToLowerInvariant(c);
                    if (l is >= '\u0400' and <= '\u04FF') _cyrillicMarked[l - 0x400]++;
                }
                else
                {
                    var script = ScriptName(c);
                    OtherScripts[script] = OtherScripts.GetValueOrDefault(script) + 1;
                }
            }
        }

        private static bool IsEncoded(ReadOnlySpan<char> chunk)
        {
            if (chunk.Length < MinEncodedChunk) return false;
            int digits = 0, upper = 0, lower = 0;
            foreach (var c in chunk)
            {
                if (c is >= '0' and <= '9') digits++;
                else if (c is >= 'A' and <= 'Z') upper++;
                else if (c is >= 'a' and <= 'z') lower++;
                else if (c is not ('+' or '/' or '=' or '-' or '_')) return false;
            }
            return digits > 0 && (upper > 0 && lower > 0 || upper + lower == 0 || chunk.Length >= 2 * MinEncodedChunk);
        }
    }

    private static string ScriptName(char c) => c switch
    {
        >= '\u3040' and <= '\u30FF' => "Japanese",
        >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' => "Chinese",
        >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF' => "Korean",
        >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' => "Arabic",
        >= '\u0590' and <= '\u05FF' => "Hebrew",
        >= '\u0370' and <= '\u03FF' => "Greek",
        >= '\u0900' and <= '\u097F' => "Hindi",
        >= '\u0E00' and <= '\u0E7F' => "Thai",
        >= '\u10A0' and <= '\u10FF' => "Georgian",
        >= '\u0530' and <= '\u058F' => "Armenian",
        _ => "a script other than Latin or Cyrillic",
    };

    private static readonly FrozenDictionary<string, FrozenSet<string>> StopWords = new Dictionary<string, FrozenSet<string>>
    {
        ["English"] = Set("the and of to in is with for i my on was have at as we it that this are our from be has had been not by an"),
        ["German"] = Set("und der die das ich mit nicht ist für auf habe ein eine bei als zu von den im wir auch sehr jahre erfahrung mein meine wurde"),
        ["Spanish"] = Set("el la los las que y en con para por una un es mi del al años experiencia también trabajé he como pero más"),
        ["French"] = Set("le la les et des est je avec pour dans une un du sur mon ai années expérience aussi chez été mais pas"),
        ["Portuguese"] = Set("os as que em com para por um uma não meu anos experiência trabalhei também mas mais foi"),
        ["Italian"] = Set("il lo gli di che con per un una sono ho anni esperienza anche nel della ma più"),
        ["Polish"] = Set("i w z na się nie jest do że jak oraz lat doświadczenie pracowałem mam przez"),
        ["Dutch"] = Set("de het een en van ik met voor op niet jaar ervaring ook maar bij"),
        ["Turkish"] = Set("ve bir bu ile için çok yıl deneyim olarak ben"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static FrozenSet<string> Set(string words) => words.Split(' ').ToFrozenSet(StringComparer.Ordinal);

    // The stop words of all languages in one table: a word's lowercase form → one bit per language it is a stop word of
    // (bit i for StopWordLanguages[i], in StopWords' own order), looked up by span so that no word is copied.
    private static readonly string[] StopWordLanguages = [.. StopWords.Keys];
    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> StopWordBits = StopWordLanguages
        .SelectMany((language, i) => StopWords[language].Select(word => (word, bit: 1 << i)))
        .GroupBy(x => x.word, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.Aggregate(0, (bits, x) => bits | x.bit), StringComparer.Ordinal)
        .GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly int LongestStopWord = StopWords.Values.SelectMany(w => w).Max(w => w.Length);

    private static (string? Language, string? Unsupported) DetectLanguage(Stats s, IReadOnlyList<string> texts)
    {
        var other = 0;
        var topScript = "";
        foreach (var (script, n) in s.OtherScripts)
        {
            other += n;
            if (topScript.Length == 0 || n > s.OtherScripts[topScript]) topScript = script;
        }
        if (other * 10 >= s.Letters * 3) return (null, topScript == "Chinese" && s.OtherScripts.ContainsKey("Japanese") ? "Japanese" : topScript);

        if (s.Cyrillic * 10 >= (s.Cyrillic + s.Latin) * 3)
        {
            int Count(string letters) => s.Marked(letters);
            var russian = Count("ыэъё");
            if (s.Cyrillic >= 60)
            {
                if (Count("іїєґ") * 100 >= s.Cyrillic && Count("іїєґ") > russian) return (null, "Ukrainian");
                if (Count("ў") > 0 && Count("і") > russian) return (null, "Belarusian");
                if (Count("әғқңөұүһ") * 100 >= s.Cyrillic) return (null, "Kazakh");
                if (Count("ђјљњћџ") * 100 >= s.Cyrillic) return (null, "Serbian");
            }
            return ("ru", null);
        }

        // Latin script: English, or another language that tech terms alone would not reveal.
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        Span<char> lower = stackalloc char[LongestStopWord];
        foreach (var text in texts)
        {
            var i = 0;
            while (i < text.Length)
            {
                while (i < text.Length && !char.IsLetter(text[i])) i++;
                var start = i;
                while (i < text.Length && (char.IsLetter(text[i]) || text[i] == '\'')) i++;
                if (i == start || i - start > LongestStopWord) continue;
                var word = lower[..(i - start)];
                text.AsSpan(start, i - start).ToLowerInvariant(word);
                if (!StopWordBits.TryGetValue(word, out var bits)) continue;
                for (var l = 0; l < StopWordLanguages.Length; l++)
                    if ((bits & (1 << l)) != 0) scores[StopWordLanguages[l]] = scores.GetValueOrDefault(StopWordLanguages[l]) + 1;
            }
        }
        void Bonus(string language, string letters) =>
            scores[language] = scores.GetValueOrDefault(language) + 2 * s.Marked(letters);
        Bonus("German", "äöüß");
        Bonus("Spanish", "ñ¡¿");
        Bonus("French", "çèêàùâîôœ");
        Bonus("Portuguese", "ãõ");
        Bonus("Polish", "ąęłńśźż");
        Bonus("Turkish", "ışğ");

        var english = scores.GetValueOrDefault("English");
        var best = scores.Where(kv => kv.Key != "English").OrderByDescending(kv => kv.Value).FirstOrDefault();
        if (best.Key is not null && best.Value >= 4 && best.Value > english * 1.5) return (null, best.Key);
        return ("en", null);
    }
}
