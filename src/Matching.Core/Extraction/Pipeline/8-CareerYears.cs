using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>
/// After the stages: the candidate's total years of professional experience where the questionnaire states it —
/// "6 лет коммерческого опыта", "Дата-инженер, 3 года в профессии", "10+ years of experience", "стаж 5 лет", or a number
/// of years answering a question about experience ("Сколько лет опыта? — Около четырёх лет"). Years said of one skill
/// ("Java daily for 8 years", "опыт с Kafka — 2 года") or of one job ("до этого 3 года в аутсорсе") are not the total.
/// The largest stated total wins; null when none is stated.
/// </summary>
internal static class CareerYears
{
    public static double? Of(IReadOnlyList<SectionResult> sections, SkillMatcher matcher, Lexicon lexicon)
    {
        double? best = null;
        foreach (var r in sections)
        {
            var s = r.Segmented;
            var numberWord = new Dictionary<int, CueHit>();
            var units = new List<CueHit>();
            foreach (var cue in r.Cues)
            {
                if (cue.Kind == CueKind.Years) units.Add(cue);
                else if (cue.Kind == CueKind.NumberWord) numberWord[cue.EndToken - 1] = cue;
            }
            if (units.Count == 0) continue;
            var asked = AsksAboutExperience(r.Section, matcher, lexicon);
            var firstInAnswer = true;
            foreach (var unit in units)
            {
                var k = s.ClauseOfToken(unit.FirstToken);
                var c = s.Clauses[k];
                var count = NumberCues.NumberBefore(s, unit.FirstToken, c.First, numberWord)
                    ?? NumberCues.NumberAfter(s, unit.EndToken, c.End, numberWord);
                if (count is not { } n) continue;
                var years = n * unit.Value;
                // "C++ для инференса (лет 5 коммерчески)": years in brackets belong to what the brackets follow.
                if (years is <= 0 or > 50 || c.HasNegative || c.HasOthers || c.Depth > 0) continue;
                if (unit.EndToken < c.End && lexicon.Is(WordKind.Ago, r.Tokens[unit.EndToken].Key)) continue;
                if (unit.FirstToken - 2 >= c.First && lexicon.Is(WordKind.Within, r.Tokens[unit.FirstToken - 2].Key)) continue;
                var career = Career(r, c, unit, lexicon);
                // "Сколько лет коммерческого опыта? — Около 4 лет": the first number of years of the answer is the total,
                // unless a skill is named before it ("Python 5 лет, Go 2 года").
                var answered = asked && firstInAnswer && !MentionBefore(r, c, unit.FirstToken);
                firstInAnswer = false;
                if (!career && !answered) continue;
                best = Math.Max(best ?? 0, Math.Round(years, 1));
            }
        }
        return best;
    }

    /// <summary>"Сколько лет коммерческого опыта?", not "Опыт A/B-тестирования?" (a question about one skill).</summary>
    private static bool AsksAboutExperience(Section section, SkillMatcher matcher, Lexicon lexicon) =>
        section.Answer is not null && Tokenizer.Tokenize(section.Name).Exists(t => lexicon.Is(WordKind.Career, t.Key)) && matcher.CountSkillsIn(section.Name) == 0;

    /// <summary>
    /// Whether the years are the career's: a career word right after them ("10+ years of experience", "6 лет коммерческого
    /// опыта"), before them in the sentence with no skill between ("Стаж — полтора года", "Опыт работы в IT — 2,5 года"
    /// but not "опыт с Kafka — 2 года"), or one that names the whole career anywhere in the clause.
    /// </summary>
    private static bool Career(SectionResult r, Clause c, CueHit unit, Lexicon lexicon)
    {
        var tokens = r.Tokens;
        var sentence = c.Sentence;
        var clauses = r.Clauses;
        for (var t = unit.EndToken; t < Math.Min(tokens.Count, unit.EndToken + 3); t++)
        {
            if (clauses[r.Segmented.ClauseOfToken(t)].Sentence != sentence) break;
            if (IsCareer(tokens, t, WordKind.Career, lexicon)) return true;
        }
        var mentionAt = MentionTokens(r);
        // A role beside the years: "Backend engineer, 8 years on the JVM", "Я 6 лет работал программистом 1С",
        // "for the last three years I've been the ML platform engineer".
        for (var t = Math.Max(0, unit.FirstToken - 4); t < Math.Min(tokens.Count, unit.EndToken + 6); t++)
        {
            if (t >= unit.FirstToken && t < unit.EndToken || clauses[r.Segmented.ClauseOfToken(t)].Sentence != sentence) continue;
            if (lexicon.IsRoleNoun(tokens[t].Key) && !MentionBetween(mentionAt, t, unit)) return true;
        }
        for (var t = unit.FirstToken - 1; t >= Math.Max(0, unit.FirstToken - 8); t--)
        {
            if (clauses[r.Segmented.ClauseOfToken(t)].Sentence != sentence || mentionAt.Contains(t)) break;
            if (IsCareer(tokens, t, WordKind.Career, lexicon)) return true;
        }
        for (var t = c.First; t < c.End; t++)
            if (IsCareer(tokens, t, WordKind.WholeCareer, lexicon)) return true;
        return false;
    }

    private static bool IsCareer(List<Token> tokens, int t, WordKind words, Lexicon lexicon)
    {
        var key = tokens[t].Key;
        if (lexicon.Is(words, key)) return true;
        // "5 лет в IT", "10 years in IT"
        return key is "it" or "айти" && t > 0 && tokens[t - 1].Key is "в" or "in";
    }

    private static bool MentionBetween(HashSet<int> mentionAt, int t, CueHit unit)
    {
        var (from, to) = t < unit.FirstToken ? (t + 1, unit.FirstToken) : (unit.EndToken, t);
        for (var i = from; i < to; i++)
            if (mentionAt.Contains(i)) return true;
        return false;
    }

    private static HashSet<int> MentionTokens(SectionResult r)
    {
        var at = new HashSet<int>();
        foreach (var m in r.Mentions)
            for (var t = m.FirstToken; t < m.EndToken; t++) at.Add(t);
        return at;
    }

    private static bool MentionBefore(SectionResult r, Clause c, int token)
    {
        foreach (var i in c.Mentions)
            if (r.Mentions[i].FirstToken < token) return true;
        return false;
    }
}
