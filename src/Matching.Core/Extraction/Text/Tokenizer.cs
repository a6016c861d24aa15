using System.Buffers;
using System.Collections.Frozen;

namespace Matching.Core.Extraction.Text;

/// <summary>
/// Splits text into words with their UTF-16 offsets. Words are runs of letters and digits, split where the script
/// changes ("Pythonом" → "Python" + "ом") unless the odd letters are look-alikes typed from the other keyboard
/// ("Pуthon"); "C++", "C#" and ".NET" keep their marks; URLs and e-mail addresses are skipped whole.
/// </summary>
internal static class Tokenizer
{
    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "т", "е", "к", "д", "п", "др", "пр", "напр", "см", "ср", "г", "гг", "в", "вв", "им", "ул", "стр", "тыс", "млн",
        "млрд", "руб", "мес", "ок", "англ", "рус", "e", "g", "i", "eg", "ie", "etc", "vs", "mr", "mrs", "ms", "dr", "approx",
        "ca", "inc", "ltd", "co", "jr", "sr", "st", "no", "fig",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly SearchValues<char> Blanks = SearchValues.Create(" \t\r\n\u00A0\u2009\u202F\u3000");

    // Letters that look the same in both alphabets, for words typed with a mixed keyboard layout.
    private const string CyrillicLookAlikes = "аеорсухкмтнвАЕОРСУХКМТНВ";
    private const string LatinLookAlikes = "aeopcyxkmthbAEOPCYXKMTHB";
    private static readonly SearchValues<char> CyrillicLookAlikeSet = SearchValues.Create(CyrillicLookAlikes);
    private static readonly SearchValues<char> LatinLookAlikeSet = SearchValues.Create(LatinLookAlikes);

    // A word's lowercase form is built here before it becomes a string (no zeroed stack buffer per word).
    [ThreadStatic] private static char[]? t_scratch;


    public static List<Token> Tokenize(string text) => Tokenize(text, 0, text.Length);

    public static List<Token> Tokenize(string text, int start, int end)
    {
        var tokens = new List<Token>(Math.Max(8, (end - start) / 6));
        Tokenize(text, start, end, tokens);
        return tokens;
    }

    /// <summary>Appends the tokens of <c>text[start..end)</c>; the first one is marked as starting a paragraph.</summary>
    public static void Tokenize(string text, int start, int end, List<Token> into)
    {
        var first = into.Count;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (!IsWordChar(c)) { i++; continue; }
            if (i == start || Blanks.Contains(text[i - 1]) || text[i - 1] is '(' or '<' or '[' or '"' or '«')
            {
                var chunkEnd = ChunkEnd(text, i, end);
                if (IsUrlOrEmail(text.AsSpan(i, chunkEnd - i))) { i = chunkEnd; continue; }
            }
            var runStart = i;
            while (i < end && IsWordChar(text[i])) i++;
            i = EmitRun(text, runStart, i, start, end, into);
        }
        for (var t = first; t < into.Count; t++)
        {
            var token = into[t];
            if (t == first) token.Before = Gap.Paragraph;
            else (token.Before, token.Marks) = Classify(text, into[t - 1], token);
            into[t] = token;
        }
    }

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private static int ChunkEnd(string text, int i, int end)
    {
        var rest = text.AsSpan(i, end - i);
        var blank = rest.IndexOfAny(Blanks);
        return blank < 0 ? end : i + blank;
    }

    private static bool IsUrlOrEmail(ReadOnlySpan<char> chunk)
    {
        if (chunk.Length < 6) return false;
        if (chunk.Contains("://", StringComparison.Ordinal)) return true;
        if (chunk.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) return true;
        var at = chunk.IndexOf('@');
        return at > 0 && chunk[(at + 1)..].Contains('.') && char.IsLetterOrDigit(chunk[at - 1]);
    }

    private enum Script : byte { None, Latin, Cyrillic, Other }

    private static Script ScriptOf(char c)
    {
        if (c < 128) return char.IsLetter(c) ? Script.Latin : Script.None;
        if (c is >= '\u0400' and <= '\u04FF') return Script.Cyrillic;
        if (c is >= '\u00C0' and <= '\u024F') return Script.Latin;
        return char.IsLetter(c) ? Script.Other : Script.None;
    }

    /// <summary>Emits one run of letters/digits, split by script where needed; returns where scanning goes on.</summary>
    private static int EmitRun(string text, int runStart, int runEnd, int rangeStart, int rangeEnd, List<Token> into)
    {
        int latin = 0, cyrillic = 0, latinFoldable = 0, cyrillicFoldable = 0;
        for (var k = runStart; k < runEnd; k++)
        {
            switch (ScriptOf(text[k]))
            {
                case Script.Latin:
                    latin++;
                    if (LatinLookAlikeSet.Contains(text[k])) latinFoldable++;
                    break;
                case Script.Cyrillic:
                    cyrillic++;
                    if (CyrillicLookAlikeSet.Contains(text[k])) cyrillicFoldable++;
                    break;
            }
        }

        var fold = Script.None;
        if (latin > 0 && cyrillic > 0 && !EndsInOtherScript(text, runStart, runEnd))
        {
            if (cyrillicFoldable == cyrillic && latin >= cyrillic) fold = Script.Latin;
            else if (latinFoldable == latin && cyrillic > latin) fold = Script.Cyrillic;
        }

        if (latin == 0 || cyrillic == 0 || fold != Script.None)
            return EmitToken(text, runStart, runEnd, rangeStart, rangeEnd, fold, into, last: true);

        // Mixed scripts that are not look-alikes: a word and a case ending ("Docker'ом" without the apostrophe).
        var segStart = runStart;
        var current = Script.None;
        for (var k = runStart; k < runEnd; k++)
        {
            var s = ScriptOf(text[k]);
            if (s is Script.None or Script.Other) continue;
            if (current != Script.None && s != current)
            {
                EmitToken(text, segStart, k, rangeStart, rangeEnd, Script.None, into, last: false);
                segStart = k;
            }
            current = s;
        }
        return EmitToken(text, segStart, runEnd, rangeStart, rangeEnd, Script.None, into, last: true);
    }

    /// <summary>"Pythonом", "Kafkaой": a word in one script with a case ending in the other is two words, not look-alikes.</summary>
    private static bool EndsInOtherScript(string text, int start, int end)
    {
        var first = Script.None;
        var switches = 0;
        var current = Script.None;
        for (var k = start; k < end; k++)
        {
            var s = ScriptOf(text[k]);
            if (s is not (Script.Latin or Script.Cyrillic)) continue;
            if (first == Script.None) first = s;
            if (current != Script.None && s != current) switches++;
            current = s;
        }
        return switches == 1 && end - start >= 4;
    }

    private static int EmitToken(string text, int s, int e, int rangeStart, int rangeEnd, Script fold, List<Token> into, bool last)
    {
        var flags = TokenFlags.None;
        var start = s;
        var end = e;
        if (last && end < rangeEnd)
        {
            // Marks that belong to the name: C++, C#, F#, DeepLabV3+, "3+ года".
            if (text[end] == '+')
            {
                if (end + 1 < rangeEnd && text[end + 1] == '+') end += 2;
                else if (end + 1 >= rangeEnd || !IsWordChar(text[end + 1])) end += 1;
            }
            else if (text[end] == '#' && e - s <= 2 && (end + 1 >= rangeEnd || !IsWordChar(text[end + 1])))
                end += 1;
        }

        var leadingDot = s - 1 >= rangeStart && text[s - 1] == '.'
            && (s - 1 == rangeStart || !IsWordChar(text[s - 2]) && text[s - 2] != '.')
            && ScriptOf(text[s]) == Script.Latin;
        if (leadingDot) { start = s - 1; flags |= TokenFlags.LeadingDot; }

        var length = end - start;
        var scratch = t_scratch ??= new char[256];
        var buffer = length <= scratch.Length ? scratch.AsSpan(0, length) : new char[length];
        int upper = 0, lower = 0;
        for (var k = start; k < end; k++)
        {
            var c = text[k];
            if (fold == Script.Latin) { var at = CyrillicLookAlikes.IndexOf(c); if (at >= 0) c = LatinLookAlikes[at]; }
            else if (fold == Script.Cyrillic) { var at = LatinLookAlikes.IndexOf(c); if (at >= 0) c = CyrillicLookAlikes[at]; }
            switch (ScriptOf(c))
            {
                case Script.Latin: flags |= TokenFlags.Latin; break;
                case Script.Cyrillic: flags |= TokenFlags.Cyrillic; break;
                case Script.Other: flags |= TokenFlags.OtherScript; break;
            }
            if (char.IsDigit(c)) flags |= TokenFlags.HasDigit;
            if (char.IsUpper(c)) upper++;
            else if (char.IsLower(c)) lower++;
            buffer[k - start] = Lower(c);
        }
        var firstLetter = leadingDot ? start + 1 : start;
        if (char.IsDigit(text[firstLetter])) flags |= TokenFlags.Number;
        if (char.IsUpper(text[firstLetter])) flags |= TokenFlags.Capitalized;
        if (upper >= 2 && lower == 0) flags |= TokenFlags.AllUpper;

        var key = new string(buffer);
        var match = key;
        if ((flags & (TokenFlags.Cyrillic | TokenFlags.Latin | TokenFlags.HasDigit | TokenFlags.OtherScript)) == TokenFlags.Cyrillic)
            match = RussianStemming.Stem(key);

        into.Add(new Token { Start = start, End = end, Key = key, Match = match, Flags = flags });
        return end;
    }

    /// <summary>Lowercase with ё read as е; ASCII and Russian letters without a culture lookup.</summary>
    private static char Lower(char c)
    {
        if (c < 128) return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        if (c is >= 'А' and <= 'Я') return (char)(c + 32);
        if (c is >= 'а' and <= 'я') return c;
        if (c is 'ё' or 'Ё') return 'е';
        return char.ToLowerInvariant(c);
    }

    private static (Gap, GapMarks) Classify(string text, in Token previous, in Token next)
    {
        int from = previous.End, to = next.Start;
        if (from >= to) return (Gap.Joined, GapMarks.None);
        // A decimal comma joins like a dot: "2,5 года", "1,5 млн".
        if (to == from + 1 && text[from] == ',' && char.IsDigit(text[from - 1]) && char.IsDigit(text[to])
            && (previous.Flags & TokenFlags.Number) != 0)
            return (Gap.Joined, GapMarks.None);
        var newlines = 0;
        bool blank = false, clause = false, sentenceMark = false, other = false;
        var marks = GapMarks.None;
        for (var k = from; k < to; k++)
        {
            var c = text[k];
            switch (c)
            {
                case '\n': newlines++; blank = true; break;
                case ' ' or '\t' or '\r' or '\u00A0' or '\u2009' or '\u202F': blank = true; break;
                case ',' or ';' or '|': clause = true; break;
                case '(' or '[' or '{': clause = true; marks |= GapMarks.OpenBracket; break;
                case ')' or ']' or '}': clause = true; marks |= GapMarks.CloseBracket; break;
                case '.' or '!' or '?' or '…':
                    // A dot between two words without blanks joins them ("Node.js", "llama.cpp", "2.0").
                    if (k + 1 < to && (Blanks.Contains(text[k + 1]) || text[k + 1] is '"' or '»' or ')' or '*'))
                        sentenceMark |= c != '.' || !IsAbbreviation(previous, text, k) || EndsList(previous);
                    else if (k + 1 == to && c != '.') sentenceMark = true;
                    else other |= c != '.';
                    break;
                case '-' or '—' or '–' or '−': marks |= GapMarks.Dash; break;
                case ':':
                    marks |= GapMarks.Colon;
                    // "Стек: Python" ends a clause; "1С:Предприятие" does not.
                    if (k + 1 < to && Blanks.Contains(text[k + 1])) clause = true;
                    else if (k > from && Blanks.Contains(text[k - 1])) other = true;
                    break;
                case '/' or '\\': marks |= GapMarks.Slash; break;
                case '+': marks |= GapMarks.Plus; other = true; break;
                // "модель данных «звезда»", "схема \"снежинка\"": quotes around a word keep it in its phrase.
                case '"' or '«' or '»' or '“' or '”' or '„': blank = true; break;
                case '_' or '\'' or '’' or '&': break;
                default: other = true; break;
            }
        }
        if (newlines >= 2) return (Gap.Paragraph, marks);
        if (newlines == 1) return (Gap.Line, marks);
        if (sentenceMark && (StartsSentence(next, text) || EndsOnAWord(previous, text, from))) return (Gap.Sentence, marks);
        if (clause) return (Gap.Clause, marks);
        if ((marks & GapMarks.Dash) != 0 && blank) return (Gap.Clause, marks);
        if (other || sentenceMark) return (Gap.Soft, marks);
        return blank ? (marks & (GapMarks.Dash | GapMarks.Slash)) != 0 ? (Gap.Soft, marks) : (Gap.Space, marks) : (Gap.Joined, marks);
    }

    /// <summary>"и др.", "и т.д.", "etc.": an abbreviation that ends a list also ends the sentence when a capital follows.</summary>
    private static bool EndsList(in Token previous) => previous.Key is "др" or "пр" or "д" or "п" or "etc";

    private static bool IsAbbreviation(in Token previous, string text, int dot)
    {
        if (previous.End != dot) return false;
        if (previous.Length == 1 && char.IsUpper(text[previous.Start])) return true;
        // "No. 5" is a number; "No. We stayed with REST" is an answer, and its sentence ends there.
        if (previous.Key == "no")
        {
            var k = dot + 1;
            while (k < text.Length && text[k] == ' ') k++;
            return k < text.Length && char.IsDigit(text[k]);
        }
        return Abbreviations.Contains(previous.Key);
    }

    /// <summary>
    /// "…с Кафкой я сам не работал. asyncio понимаю хорошо": a full stop right after a word of five letters or more (no
    /// abbreviation is that long) ends the sentence even when a name written in lower case opens the next one.
    /// </summary>
    private static bool EndsOnAWord(in Token previous, string text, int gap)
    {
        if (previous.End != gap || text[gap] != '.' || previous.Length < 5) return false;
        for (var k = previous.Start; k < previous.End; k++) if (!char.IsLetter(text[k])) return false;
        return true;
    }

    private static bool StartsSentence(in Token next, string text)
    {
        var start = next.Is(TokenFlags.LeadingDot) ? next.Start + 1 : next.Start;
        if (!char.IsLower(text[start])) return true;
        // "… insecure storage. iOS - never": a name written with a capital inside ("iOS", "macOS", "eBPF") may open a sentence,
        // and so may one with a digit in it ("…каждый день. k8s-кластер держит соседняя команда").
        for (var k = start + 1; k < next.End; k++)
            if (char.IsUpper(text[k]) || char.IsDigit(text[k])) return true;
        return false;
    }
}
