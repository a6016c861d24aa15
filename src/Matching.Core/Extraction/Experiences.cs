using Matching.Core.Extraction.Text;
using Matching.Core.Profiles;

namespace Matching.Core.Extraction;

/// <summary>
/// Organisations and roles: from experience headings ("#### ДНС технологии - ML engineer"), dated CV lines
/// ("2021 – сейчас, УГМК-Телеком, BI-аналитик") and sentences ("работал в Яндексе бэкенд-разработчиком",
/// "worked at Acme as a data engineer").
/// </summary>
internal static class Experiences
{
    private static readonly string[] Separators = [" - ", " — ", " – ", " -- ", " | "];
    private static readonly string[] PresentWords =
        ["н.в.", "н. в.", "нв", "наст. время", "настоящее время", "по настоящее время", "сейчас", "текущее время",
         "now", "present", "current", "today", "till now", "to date"];
    private static readonly string[] Fillers =
        ["сейчас", "до этого", "ранее", "раньше", "потом", "затем", "now", "currently", "before that", "previously", "then", "today"];

    /// <summary>"Company - Role (2021 - н.в.)" → the entry, and where the role is in the text.</summary>
    public static (Experience Experience, int RoleStart, int RoleEnd) FromHeading(string text, int start, int end)
    {
        var (sep, sepLength) = FindSeparator(text, start, end);
        if (sep < 0)
        {
            var whole = StripDates(text, start, end);
            return (new Experience(Tidy(text[start..whole]), null), 0, 0);
        }
        var orgEnd = StripDates(text, start, sep);
        var roleStart = sep + sepLength;
        var roleEnd = StripDates(text, roleStart, end);
        while (roleStart < roleEnd && char.IsWhiteSpace(text[roleStart])) roleStart++;
        var role = Tidy(text[roleStart..roleEnd]);
        return (new Experience(Tidy(text[start..orgEnd]), role.Length > 0 ? role : null), roleStart, roleEnd);
    }

    /// <summary>A CV line that starts with (or ends in brackets with) a span of years names a job.</summary>
    public static (Experience Experience, int RoleStart, int RoleEnd)? FromDatedLine(string text, int start, int end, Lexicon lexicon)
    {
        if (end - start > 160) return null;
        var (rs, re) = FindYearRange(text, start, end);
        if (rs < 0) return null;
        var pos = start;
        while (pos < rs && (char.IsWhiteSpace(text[pos]) || text[pos] is '-' or '—' or '–' or '*' or '•')) pos++;
        string head;
        if (pos == rs)
        {
            // "2021 – сейчас, УГМК-Телеком, BI-аналитик"
            var colon = text.IndexOf(':', re, end - re);
            head = text[re..(colon < 0 ? end : colon)];
        }
        else if (rs > start && text[rs - 1] == '(')
        {
            // "Сейчас: розничная сеть продуктов (2022 – н.в.)"
            head = text[pos..(rs - 1)];
        }
        else return null;

        var parts = head.Split([",", " — ", " – ", " - ", ":", ";", "|"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Tidy)
            .Where(p => p.Length > 1 && !Fillers.Contains(p, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (parts.Count == 0) return null;
        string org = parts[0];
        string? role = parts.Count > 1 ? parts[1] : null;
        if (role is not null && LooksLikeRole(org, lexicon) && !LooksLikeRole(role, lexicon)) (org, role) = (role, org);
        if (role is null && SplitRoleAtOrg(org, lexicon) is { } split) (role, org) = split;
        return (new Experience(org, role), 0, 0);
    }

    public static ExperienceKind KindOf(Experience e, Lexicon lexicon)
    {
        var org = Tokenizer.Tokenize(e.Organization);
        foreach (var t in org)
        {
            // "Университет ИТМО", "University of Edinburgh", "НИИ", "школа": a place of study.
            if (lexicon.Is(WordKind.Academic, t.Key)) return ExperienceKind.Academic;
            // Russian university abbreviations: НГУ, МГУ, УрФУ, СПбГУ, МГТУ.
            if (t.Is(TokenFlags.Cyrillic) && t.Length is >= 3 and <= 6 && t.Key[^1] == 'у' && IsMostlyUpper(e.Organization, t))
                return ExperienceKind.Academic;
        }
        var role = (e.Role ?? "").ToLowerInvariant();
        if (role.Contains("лаборант") || role.Contains("аспирант") || role.Contains("студент") || role.Contains("student")
            || role.Contains("phd") || role.Contains("postdoc") || role.Contains("научный сотрудник") || role.Contains("research assistant")
            || role.Contains("teaching assistant") || role.Contains("преподават") || role.Contains("lecturer"))
            return ExperienceKind.Academic;
        if (role.Contains("стаж") || role.Contains("intern") || role.Contains("trainee") || role.Contains("практикант"))
            return ExperienceKind.Internship;
        return ExperienceKind.Commercial;
    }

    /// <summary>
    /// Jobs named in a sentence: "работал в Яндексе бэкенд-разработчиком", "сейчас работаю в МТС Банке",
    /// "worked at Acme as a data engineer", "I am a postdoctoral researcher at the University of Edinburgh".
    /// </summary>
    public static void FromSentences(string text, List<Token> tokens, int from, int to, List<Experience> into, Lexicon lexicon)
    {
        for (var i = from; i < to; i++)
        {
            var t = tokens[i];
            var isVerb = t.Match is "работа" or "работ" or "труж" or "устро" or "устроил" or "work" or "worked" or "working" or "joined" or "employed";
            var isBe = t.Key is "am" or "m" or "was" && i > from && tokens[i - 1].Key is "i" or "i'm";
            if (!isVerb && !isBe) continue;
            var limit = Math.Min(to, i + 8);
            string? role = null;
            for (var j = i + 1; j < limit; j++)
            {
                if (tokens[j].Before >= Gap.Sentence) break;
                var k = tokens[j].Key;
                if (k is "as" && role is null) role = EnglishRole(text, tokens, j + 1, to);
                if (isBe && role is null && k is "a" or "an" && j == i + 1) role = EnglishRole(text, tokens, j + 1, to);
                if (k is not ("в" or "во" or "at" or "for")) continue;
                var (org, orgEnd) = Organization(text, tokens, j + 1, to);
                if (org is null) break;
                role ??= RussianRole(text, tokens, orgEnd, to, lexicon) ?? RussianRoleBefore(text, tokens, from, i, lexicon);
                if (role is null && orgEnd < to && tokens[orgEnd].Key is "as") role = EnglishRole(text, tokens, orgEnd + 1, to);
                into.Add(new Experience(org, role));
                break;
            }
        }
    }

    private static (string? Org, int End) Organization(string text, List<Token> tokens, int at, int to)
    {
        var i = at;
        if (i < to && tokens[i].Key is "the") i++;
        var first = i;
        var end = i;
        while (end < to)
        {
            var t = tokens[end];
            if (end > first && t.Before > Gap.Soft) break;
            var capital = t.Is(TokenFlags.Capitalized) || t.Is(TokenFlags.AllUpper) || t.Is(TokenFlags.Number) && end > first;
            var connector = end > first && t.Key is "of" or "and" or "&" && end + 1 < to && tokens[end + 1].Is(TokenFlags.Capitalized);
            if (!capital && !connector) break;
            end++;
            if (end - first >= 5) break;
        }
        if (end == first || tokens[first].Is(TokenFlags.Number)) return (null, at);
        var name = text[tokens[first].Start..tokens[end - 1].End];
        if (tokens[end - 1].Is(TokenFlags.Cyrillic)) name = Nominative(name);
        return (Tidy(name), end);
    }

    /// <summary>Russian organisation names after "в" are in the prepositional case: Яндексе → Яндекс, Лаборатории → Лаборатория.</summary>
    private static string Nominative(string name)
    {
        if (name.Length < 5) return name;
        if (name.EndsWith("ии", StringComparison.Ordinal)) return name[..^1] + "я";
        if (name.EndsWith("ке", StringComparison.Ordinal) || name.EndsWith("те", StringComparison.Ordinal)
            || name.EndsWith("се", StringComparison.Ordinal) || name.EndsWith("ре", StringComparison.Ordinal)
            || name.EndsWith("не", StringComparison.Ordinal) || name.EndsWith("ле", StringComparison.Ordinal)
            || name.EndsWith("де", StringComparison.Ordinal) || name.EndsWith("бе", StringComparison.Ordinal))
            return name[..^1];
        return name;
    }

    private static string? RussianRole(string text, List<Token> tokens, int at, int to, Lexicon lexicon)
    {
        for (var j = at; j < Math.Min(to, at + 3); j++)
        {
            if (tokens[j].Before > Gap.Soft && j > at) return null;
            if (IsInstrumentalRole(tokens[j], lexicon)) return RoleText(text, tokens, at, j);
        }
        return null;
    }

    private static string? RussianRoleBefore(string text, List<Token> tokens, int from, int verb, Lexicon lexicon)
    {
        for (var j = verb - 1; j >= Math.Max(from, verb - 3); j--)
            if (IsInstrumentalRole(tokens[j], lexicon)) return RoleText(text, tokens, j, j);
        return null;
    }

    private static bool IsInstrumentalRole(in Token t, Lexicon lexicon)
    {
        if (!t.Is(TokenFlags.Cyrillic) || !(t.Key.EndsWith("ом", StringComparison.Ordinal) || t.Key.EndsWith("ем", StringComparison.Ordinal))) return false;
        foreach (var noun in lexicon.RoleNouns) if (t.Key.StartsWith(noun, StringComparison.Ordinal)) return true;
        return false;
    }

    private static string RoleText(string text, List<Token> tokens, int first, int noun)
    {
        var start = noun;
        while (start > first && tokens[start].Before == Gap.Joined) start--;
        var s = text[tokens[start].Start..tokens[noun].End];
        if (s.EndsWith("ом", StringComparison.Ordinal)) s = s[..^2];
        else if (s.EndsWith("ем", StringComparison.Ordinal)) s = s[..^2] + "ь";
        return s;
    }

    private static string? EnglishRole(string text, List<Token> tokens, int at, int to)
    {
        var i = at;
        if (i < to && tokens[i].Key is "a" or "an" or "the") i++;
        var end = i;
        while (end < to && end - i < 5)
        {
            var t = tokens[end];
            if (end > i && t.Before > Gap.Space) break;
            if (t.Key is "at" or "in" or "for" or "with" or "on" or "and" or "since" or "from" or "to") break;
            end++;
        }
        return end > i ? Tidy(text[tokens[i].Start..tokens[end - 1].End]) : null;
    }

    private static bool LooksLikeRole(string s, Lexicon lexicon)
    {
        var l = s.ToLowerInvariant().Replace('ё', 'е');
        return lexicon.RoleNouns.Any(n => l.Contains(n, StringComparison.Ordinal));
    }

    /// <summary>"аналитик в небольшой сети аптек" → (аналитик, небольшой сети аптек).</summary>
    private static (string Role, string Org)? SplitRoleAtOrg(string s, Lexicon lexicon)
    {
        foreach (var p in new[] { " в ", " во ", " at " })
        {
            var at = s.IndexOf(p, StringComparison.Ordinal);
            if (at > 0 && LooksLikeRole(s[..at], lexicon)) return (s[..at].Trim(), s[(at + p.Length)..].Trim());
        }
        return null;
    }

    private static (int At, int Length) FindSeparator(string text, int start, int end)
    {
        var span = text.AsSpan(start, end - start);
        var best = -1;
        var length = 0;
        foreach (var sep in Separators)
        {
            var at = span.IndexOf(sep, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best)) { best = at; length = sep.Length; }
        }
        if (best < 0)
        {
            var comma = span.IndexOf(", ", StringComparison.Ordinal);
            if (comma > 0) { best = comma; length = 2; }
        }
        return best < 0 ? (-1, 0) : (start + best, length);
    }

    /// <summary>The end of <c>text[start..end)</c> without trailing dates: "(2021 - н.в.)", ", 2019 - 2021", "(стажировка 6 мес.)".</summary>
    private static int StripDates(string text, int start, int end)
    {
        while (true)
        {
            while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is ',' or ';')) end--;
            if (end > start && text[end - 1] == ')')
            {
                var open = text.LastIndexOf('(', end - 1, end - start);
                if (open >= start && HasDigit(text, open, end)) { end = open; continue; }
                return end;
            }
            var (rs, re) = FindYearRange(text, start, end);
            if (rs >= start && re >= end - 1) { end = rs; continue; }
            return end;
        }
    }

    /// <summary>The years an entry's heading or dated line spans: (2019, 2021), or (2021, null) for "2021 – н.в.".</summary>
    public static (int From, int? To)? YearsOf(string text, int start, int end)
    {
        var (rs, re) = FindYearRange(text, start, end);
        if (rs < 0) return null;
        var from = int.Parse(text.AsSpan(rs, 4), provider: System.Globalization.CultureInfo.InvariantCulture);
        return IsYear(text, re - 4, re) ? (from, int.Parse(text.AsSpan(re - 4, 4), provider: System.Globalization.CultureInfo.InvariantCulture)) : (from, null);
    }

    /// <summary>"2019 - 2021", "2021–н.в.", "2020 - present": the first span of years in <c>text[start..end)</c>.</summary>
    public static (int Start, int End) FindYearRange(string text, int start, int end)
    {
        for (var i = start; i + 4 <= end; i++)
        {
            if (!IsYear(text, i, end)) continue;
            var j = i + 4;
            while (j < end && text[j] == ' ') j++;
            if (j >= end || text[j] is not ('-' or '—' or '–' or '−')) continue;
            j++;
            while (j < end && text[j] == ' ') j++;
            if (IsYear(text, j, end)) return (i, j + 4);
            foreach (var w in PresentWords)
                if (j + w.Length <= end && string.Compare(text, j, w, 0, w.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && (j + w.Length == end || !char.IsLetter(text[j + w.Length])))
                    return (i, j + w.Length);
        }
        return (-1, -1);
    }

    private static bool IsYear(string text, int i, int end) =>
        i + 4 <= end && (i == 0 || !char.IsDigit(text[i - 1])) && (i + 4 == end || !char.IsDigit(text[i + 4]))
        && (text[i] == '1' && text[i + 1] == '9' || text[i] == '2' && text[i + 1] == '0')
        && char.IsDigit(text[i + 2]) && char.IsDigit(text[i + 3]);

    private static bool HasDigit(string text, int from, int to)
    {
        for (var k = from; k < to; k++) if (char.IsDigit(text[k])) return true;
        return false;
    }

    private static bool IsMostlyUpper(string s, in Token t)
    {
        var upper = 0;
        for (var k = t.Start; k < t.End; k++) if (char.IsUpper(s[k])) upper++;
        return upper * 2 > t.Length;
    }

    private static string Tidy(string s)
    {
        var t = s.Trim().Trim(',', ';', ':', '-', '—', '–', '*', '"').Trim();
        // A bracket is kept only when its pair is kept too: "Стартап (NDA)".
        while (t.Length > 0 && (t[^1] == '(' || t[^1] == ')' && t.Count(c => c == '(') < t.Count(c => c == ')'))) t = t[..^1].TrimEnd();
        while (t.Length > 0 && (t[0] == ')' || t[0] == '(' && t.Count(c => c == '(') > t.Count(c => c == ')'))) t = t[1..].TrimStart();
        return t;
    }
}
