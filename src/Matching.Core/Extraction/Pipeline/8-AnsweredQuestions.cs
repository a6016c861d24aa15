using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Matching.Core.Extraction.Text;
using Matching.Core.Profiles;

namespace Matching.Core.Extraction;

/// <summary>
/// After the stages: a yes/no question that names a skill, answered without naming any ("Есть ли опыт с Kubernetes? — Да,
/// деплою туда свои сервисы каждый день", "Do you use Terraform? — Yes, daily", "Работали ли вы с R, SAS или SPSS? —
/// Нет, всё на пайтоне"). Questions never yield skills by themselves; here the answer says yes or no to the skill the
/// question names, so a yes gives the skill (its level from what the answer says: usage, depth words, years, hedges) with
/// the answer as evidence, and a no denies it ("No, never. Prompt engineering got us far enough" as well). A question
/// asking what the candidate built or used ("What LLM-based systems have you built?") answered with what the asked skill
/// includes ("… an internal RAG bot") is a yes too. An answer that names the asked skill itself is read as usual; a yes
/// to a question offering several options says nothing of which one.
/// </summary>
internal static class AnsweredQuestions
{
    /// <summary>The most skills a yes may give: "Работали с Docker и Kubernetes? — Да" gives both.</summary>
    private const int MaxAffirmed = 2;
    /// <summary>The most a no may deny: "Работали ли вы с R, SAS или SPSS? — Нет".</summary>
    private const int MaxDenied = 5;
    private const int MaxQuote = 200;

    /// <param name="NamedIn">For a no that stands though the answer goes on to name the skill without a claim of use: the
    /// question it answers, where every mention of the skill must be for the no to remove it.</param>
    public sealed record Answer(string SkillId, ProfileSkill? Affirmed, string Fact, string? NamedIn = null);

    public static List<Answer> Of(IReadOnlyList<SectionResult> sections, SkillMatcher matcher, Lexicon lexicon)
    {
        var answers = new List<Answer>();
        foreach (var r in sections)
        {
            var section = r.Section;
            if (section.Experience is not null || string.IsNullOrWhiteSpace(section.Name) || r.Tokens.Count == 0) continue;
            var shape = ShapeOf(section.Name, matcher, lexicon);
            var bare = shape.NamesOnlyASkill && StatesLanguageLevel(r);
            if (!shape.HasQuestionMark && !shape.IsPrompt && !bare) continue;
            var named = shape.Named;
            var subjects = shape.Subjects;
            if (subjects.Length == 0 || subjects.Length > MaxDenied || !shape.AsksAboutUse && !shape.HeadedBySkill && !bare
                && !OpensWithABareNo(r, lexicon)) continue;
            var polarity = Polarity(r, lexicon);
            // "Which tools do you use for API testing — Postman, SoapUI, REST Assured? — Mostly code. …": a yes in the
            // answer's first clause is a yes to the topic the examples illustrate, whichever examples it goes on to deny.
            if (named.Length > subjects.Length && polarity > 0)
                foreach (var topic in named)
                    if (!subjects.Contains(topic) && !matcher.Taxonomy[topic].Umbrella && !r.Mentions.Any(m => m.Ordinal == topic))
                        answers.Add(Yes(r, matcher.Taxonomy[topic].Id, ", the topic its examples illustrate"));
            // "Какие векторные БД использовали (Qdrant, Milvus, Weaviate)? — Ни одну из них в работе не использовал. … Qdrant
            // смотрели на этапе выбора": a no in the first sentence to all the options stands for an option the answer
            // names later without a word of using it.
            if (polarity < 0 && FirstSentenceNamesNone(r))
            {
                foreach (var ordinal in subjects)
                {
                    var mentions = Enumerable.Range(0, r.Mentions.Count).Where(m => r.Mentions[m].Ordinal == ordinal).ToList();
                    if (mentions.Count > 0 && mentions.All(m => !r.Scopes[m].Positive && r.Scopes[m].WhereCue is null))
                        answers.Add(No(r, matcher.Taxonomy[ordinal].Id, namedIn: section.Name));
                }
            }
            // An answer that names the skill itself is read as usual.
            if (r.Mentions.Any(m => subjects.Contains(m.Ordinal))) continue;

            // "Python: что умеете? — pandas, numpy, scipy и statsmodels для статистики": an answer that opens with what the
            // asked skill includes, and denies nothing there, says yes to it.
            // "Which databases and SQL dialects do you use? — ClickHouse almost exclusively … I'm comfortable with window
            // functions": an answer to a question about use that goes on to name, as the candidate's, what the asked skill
            // includes says yes to it too.
            if (polarity == 0 && NamesNarrower(r, subjects, matcher.Taxonomy)) polarity = 1;
            // "Walk us through an A/B test you designed end to end. — Last autumn we tested a cheaper starter pack…": a
            // prompt to tell of the asked skill takes it as given; an answer that opens without a denial, a hedge or
            // another's work tells of it.
            if (polarity == 0 && shape.IsPrompt && OpensPlainly(r)) polarity = 1;
            // "9. Английский — B1, документацию читаю": a question that is only a language's name, answered with a level of the
            // common European scale, says what the candidate has.
            if (polarity == 0 && bare && OpensPlainly(r)) polarity = 1;
            // "Нет, всё на пайтоне" denies what was asked whatever else it names. A yes that goes on to name other skills
            // ("Yes, a lot: OpenCV for calibration…") must say yes in words, or say it in a first sentence of its own
            // ("Опыт A/B-тестирования? — Это основная часть работы. Дизайн теста, CUPED…"), or answer with what the
            // asked skill includes ("What LLM-based systems have you built? — … an internal RAG bot"): then the answer is
            // about the asked skill, not a broad concept the question names as a heading.
            if (polarity == 0) continue;
            var saidInWords = polarity < 0 || r.Mentions.Count == 0 || lexicon.Is(WordKind.AnswerYes, r.Tokens[0].Key);
            if (!saidInWords && (subjects.Any(a => matcher.Taxonomy[a].Umbrella)
                                 || !FirstSentenceNamesNone(r) && !r.Mentions.Any(m => subjects.Any(a => matcher.Taxonomy.AncestorsOf(m.Ordinal).Contains(a)))))
                continue;
            if (polarity < 0)
            {
                foreach (var ordinal in subjects) answers.Add(No(r, matcher.Taxonomy[ordinal].Id));
                continue;
            }
            if (subjects.Length > MaxAffirmed) continue;
            foreach (var ordinal in subjects) answers.Add(Yes(r, matcher.Taxonomy[ordinal].Id, ""));
        }
        return answers;
    }

    /// <summary>What a question's own words say, worked out once per question and taxonomy (forms repeat their questions).</summary>
    private sealed record QuestionShape(bool HasQuestionMark, bool IsPrompt, int[] Named, int[] Subjects, bool AsksAboutUse, bool HeadedBySkill,
        bool NamesOnlyASkill);

    private const int MaxShapes = 20_000;
    private static readonly ConditionalWeakTable<SkillMatcher, ConcurrentDictionary<string, QuestionShape>> Shapes = new();

    private static QuestionShape ShapeOf(string question, SkillMatcher matcher, Lexicon lexicon)
    {
        var cache = Shapes.GetValue(matcher, static _ => new ConcurrentDictionary<string, QuestionShape>(StringComparer.Ordinal));
        if (cache.TryGetValue(question, out var known)) return known;
        if (cache.Count >= MaxShapes) cache.Clear();
        var named = matcher.SkillsIn(question);
        // "8. How do you use Python?": the question's number is no word of it.
        var tokens = Tokenizer.Tokenize(question);
        var skip = 0;
        while (skip < tokens.Count && tokens[skip].Is(TokenFlags.Number)) skip++;
        var words = tokens[skip..];
        var text = WithoutNumber(question);
        var shape = new QuestionShape(question.Contains('?'), words.Count > 0 && lexicon.Is(WordKind.Prompt, words[0].Key), named,
            Specific(named, matcher.Taxonomy), AsksAboutUse(words, lexicon), HeadedBySkill(text, matcher), NamesOnlyASkill(text, matcher));
        cache[question] = shape;
        return shape;
    }

    /// <summary>A yes to the skill: the level the answer's own words give, its first sentence as evidence.</summary>
    private static Answer Yes(SectionResult r, string id, string what)
    {
        var (level, said) = LevelOf(r);
        var (start, end) = FirstSentence(r);
        var reason = $"answered yes to '{r.ShortName}'" + (said.Count > 0 ? "; " + string.Join("; ", said.Select(w => $"'{w}'")) : "");
        var evidence = new Evidence(r.Section.Name, r.Section.Source[start..end], start, end, r.Section.Answer);
        return new Answer(id, new ProfileSkill(id, level, SkillSource.Mentioned, [evidence], reason), $"answered yes to '{r.ShortName}'{what}: {level:0.##}");
    }

    /// <summary>A no to the skill, with the answer's first sentence as what was said.</summary>
    private static Answer No(SectionResult r, string id, string? namedIn = null)
    {
        var (start, end) = FirstSentence(r);
        return new Answer(id, null, $"denied in the answer to '{r.ShortName}': '{r.Section.Source[start..end]}'", namedIn);
    }

    /// <summary>"Опыт с мониторингом (Prometheus, Grafana)?" asks about Prometheus and Grafana: a broader skill named beside
    /// narrower ones is the topic.</summary>
    private static int[] Specific(int[] skills, Taxonomy.SkillTaxonomy taxonomy)
    {
        if (skills.Length < 2) return skills;
        return skills.Where(a => !skills.Any(b => b != a && taxonomy.AncestorsOf(b).Contains(a))).ToArray();
    }

    /// <summary>
    /// "Python: what for, which libraries?", "Kafka — как используете?": a question headed by one skill and a colon or a
    /// dash asks about the candidate's use of it.
    /// </summary>
    private static bool HeadedBySkill(ReadOnlySpan<char> text, SkillMatcher matcher)
    {
        var colon = text.IndexOfAny(':', '—');
        if (colon <= 0 || colon > 40) return false;
        var head = text[..colon].Trim().ToString();
        if (Tokenizer.Tokenize(head).Count > 3) return false;
        return matcher.SkillsIn(head).Length == 1;
    }

    /// <summary>"B1", "A2–B1", "C1": a level of the common European scale in the answer's first sentence.</summary>
    private static bool StatesLanguageLevel(SectionResult r)
    {
        var sentence = r.Clauses.Count > 0 ? r.Clauses[0].Sentence : 0;
        for (var i = 0; i < r.Tokens.Count; i++)
        {
            if (r.Clauses[r.Segmented.ClauseOfToken(i)].Sentence != sentence) break;
            // Latin or the Cyrillic letters that look the same ("В1").
            var key = r.Tokens[i].Key;
            if (key.Length == 2 && key[0] is 'a' or 'b' or 'c' or 'а' or 'в' or 'с' && key[1] is '1' or '2') return true;
        }
        return false;
    }

    /// <summary>
    /// "Брокеры сообщений (Kafka, RabbitMQ)? — Нет. Ни с Kafka, ни с RabbitMQ не работал": an answer that opens with a no
    /// standing alone answers the question as one about the candidate's use, whatever its wording.
    /// </summary>
    private static bool OpensWithABareNo(SectionResult r, Lexicon lexicon) =>
        r.Tokens.Count > 0 && r.Tokens[0].Key is not "не" && lexicon.Is(WordKind.AnswerNo, r.Tokens[0].Key)
        && (r.Tokens.Count == 1 || r.Tokens[1].Before >= Text.Gap.Clause);

    /// <summary>"9. Английский", "Kafka?", "**Docker**": a question or heading that is nothing but one skill's name.</summary>
    private static bool NamesOnlyASkill(ReadOnlySpan<char> question, SkillMatcher matcher)
    {
        var text = question.TrimEnd("?!.:* ").Trim().ToString();
        if (text.Length == 0 || Tokenizer.Tokenize(text).Count > 3) return false;
        var named = matcher.SkillsIn(text);
        return named.Length == 1 && !matcher.Taxonomy[named[0]].Umbrella;
    }

    /// <summary>The question's text after its number ("8. ", "**3) ").</summary>
    private static ReadOnlySpan<char> WithoutNumber(string question) => question.AsSpan().Trim().TrimStart("0123456789.) *#");

    private static bool AsksAboutUse(List<Token> tokens, Lexicon lexicon)
    {
        if (tokens.Count == 0) return false;
        foreach (var t in tokens)
            if (lexicon.Is(WordKind.Willingness, t.Key)) return false;
        foreach (var t in tokens)
            if (lexicon.Is(WordKind.QuestionAsk, t.Key)) return true;
        if (lexicon.Is(WordKind.QuestionStart, tokens[0].Key)) return true;
        // "Walk us through an A/B test you designed", "Tell us about your experience with Kafka", "How do you use Python?"
        var addressed = tokens.Any(t => t.Key is "you" or "your" or "us");
        if (addressed && lexicon.Is(WordKind.Prompt, tokens[0].Key)) return true;
        if (tokens[0].Key == "how" && addressed && tokens.Any(t => lexicon.Is(WordKind.QuestionUse, t.Key))) return true;
        // "What LLM-based systems have you built?", "Which databases did you use at work?"
        return tokens[0].Key is "what" or "which" && tokens.Any(t => t.Key == "you") && tokens.Any(t => lexicon.Is(WordKind.QuestionUse, t.Key));
    }

    /// <summary>+1 yes, −1 no, 0 neither, from how the answer opens and what its first clause says.</summary>
    private static int Polarity(SectionResult r, Lexicon lexicon)
    {
        var first = r.Tokens[0].Key;
        var firstClause = r.Clauses.Count > 0 ? r.Clauses[0] : null;
        if (lexicon.Is(WordKind.AnswerNo, first)) return -1;
        var negative = false;
        var positive = lexicon.Is(WordKind.AnswerYes, first);
        foreach (var cue in r.Cues)
        {
            if (firstClause is not null && cue.FirstToken >= firstClause.End) break;
            switch (cue.Kind)
            {
                case CueKind.Negation or CueKind.NoExperience or CueKind.Intent or CueKind.Hypothetical:
                    negative = true;
                    break;
                case CueKind.Usage or CueKind.Strong or CueKind.Commercial or CueKind.Years or CueKind.Hedge or CueKind.Project:
                    positive = true;
                    break;
            }
        }
        if (negative) return lexicon.Is(WordKind.AnswerYes, first) ? 0 : -1;
        return positive ? 1 : 0;
    }

    /// <summary>The level the answer's own words give (as a mention's: where, depth words, years, hedges), and those words.</summary>
    private static (double Level, List<string> Said) LevelOf(SectionResult r)
    {
        var said = new List<string>();
        var work = false;
        double strong = 0, cap = 1, years = 0;
        var numberWord = new Dictionary<int, CueHit>();
        foreach (var cue in r.Cues)
            if (cue.Kind == CueKind.NumberWord) numberWord[cue.EndToken - 1] = cue;
        // The direct answer is the first sentence; what follows is often about something else.
        var sentence = r.Clauses[0].Sentence;
        foreach (var cue in r.Cues)
        {
            var c = r.Clauses[r.Segmented.ClauseOfToken(cue.FirstToken)];
            if (c.Sentence != sentence) break;
            if (c.HasNegative || c.HasOthers) continue;
            switch (cue.Kind)
            {
                case CueKind.Usage or CueKind.Commercial:
                    work = true;
                    said.Add(r.Quote(cue));
                    break;
                case CueKind.Strong:
                    strong += cue.Value;
                    said.Add(r.Quote(cue));
                    break;
                case CueKind.Hedge or CueKind.Past or CueKind.Course:
                    cap = Math.Min(cap, cue.Kind == CueKind.Course ? LevelModel.CourseCap : cue.Value);
                    said.Add(r.Quote(cue));
                    break;
                case CueKind.Years:
                    var n = NumberCues.NumberBefore(r.Segmented, cue.FirstToken, c.First, numberWord)
                        ?? NumberCues.NumberAfter(r.Segmented, cue.EndToken, c.End, numberWord);
                    if (n is { } count && count * cue.Value is > 0 and <= 40)
                    {
                        years = Math.Max(years, count * cue.Value);
                        said.Add(r.Segmented.Section.Source[r.Tokens[Math.Max(c.First, cue.FirstToken - 1)].Start..r.Tokens[cue.EndToken - 1].End]);
                    }
                    break;
            }
        }
        var @base = work ? LevelModel.WorkAnswerBase : LevelModel.MentionBase;
        var level = @base + Math.Min(LevelModel.MaxStrong, strong) + Math.Min(LevelModel.MaxYears, LevelModel.PerYear * years);
        level = Math.Round(Math.Max(LevelModel.Floor, Math.Min(LevelModel.Squash(level), cap)), LevelModel.Decimals);
        return (level, said.Distinct(StringComparer.Ordinal).Take(3).ToList());
    }

    /// <summary>The answer's first clause neither denies, hedges, wishes nor gives the work to others.</summary>
    private static bool OpensPlainly(SectionResult r)
    {
        if (r.Clauses.Count == 0) return false;
        var first = r.Clauses[0];
        if (first.HasNegative || first.HasOthers) return false;
        foreach (var cue in first.Cues)
            if (cue.Kind is CueKind.Hedge or CueKind.Intent or CueKind.Hypothetical or CueKind.Course or CueKind.NoExperience) return false;
        return true;
    }

    /// <summary>
    /// The answer names, as the candidate's own, a skill the asked one includes: anywhere, unhedged and not another's; in
    /// a first clause that neither denies nor gives the work to others, hedged too ("Python: что умеете? — немного pandas").
    /// </summary>
    private static bool NamesNarrower(SectionResult r, int[] subjects, Taxonomy.SkillTaxonomy taxonomy)
    {
        var plainFirst = r.Clauses.Count > 0 && !r.Clauses[0].HasNegative && !r.Clauses[0].HasOthers;
        for (var m = 0; m < r.Mentions.Count; m++)
        {
            var scope = r.Scopes[m];
            if (!scope.Counts) continue;
            var own = !scope.ByOthers && !scope.Hedged || plainFirst && r.ClauseOf(m) == 0;
            if (own && subjects.Any(a => taxonomy.AncestorsOf(r.Mentions[m].Ordinal).Contains(a))) return true;
        }
        return false;
    }

    private static bool FirstSentenceNamesNone(SectionResult r)
    {
        var first = r.Clauses[0].Sentence;
        return r.Mentions.Count == 0 || r.Clauses[r.Segmented.ClauseOfToken(r.Mentions[0].FirstToken)].Sentence != first;
    }

    /// <summary>The answer's first sentence, at most <see cref="MaxQuote"/> characters.</summary>
    private static (int Start, int End) FirstSentence(SectionResult r)
    {
        var tokens = r.Tokens;
        var sentence = r.Clauses.Count > 0 ? r.Clauses[0].Sentence : 0;
        var last = 0;
        for (var t = 0; t < tokens.Count; t++)
        {
            if (r.Clauses[r.Segmented.ClauseOfToken(t)].Sentence != sentence) break;
            last = t;
        }
        var start = tokens[0].Start;
        var end = Math.Min(tokens[last].End, start + MaxQuote);
        return (start, end);
    }
}
