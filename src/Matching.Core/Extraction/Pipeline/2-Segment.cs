using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>One clause: a stretch of a sentence between commas, dashes, brackets or conjunctions.</summary>
internal sealed record Clause
{
    public required int First { get; init; }
    public required int End { get; init; }
    public required int Sentence { get; init; }
    public required int Paragraph { get; init; }
    /// <summary>Starts with a conjunction ("но", "but"): nothing spreads across it.</summary>
    public required bool Conjunction { get; init; }
    /// <summary>How deep in brackets: an aside "(pytest)" is skipped when a later clause looks back for its skill.</summary>
    public required int Depth { get; init; }
    public required bool HasPronoun { get; init; }
    /// <summary>Only skills, list words and numbers: "ClickHouse", "и MongoDB", "SQLAlchemy 2.0".</summary>
    public required bool Bare { get; init; }
    public required bool HasNegative { get; init; }
    public required bool HasOthers { get; init; }
    /// <summary>Only cue words and particles, no object of its own: "так и не использовали", "I don't touch it".</summary>
    public required bool BarePredicate { get; init; }
    /// <summary>Every skill in it names a role: "это зона ML-инженеров".</summary>
    public required bool AllRoles { get; init; }
    public required IReadOnlyList<int> Mentions { get; init; }
    public required IReadOnlyList<CueHit> Cues { get; init; }
}

/// <summary>Stage 4 output: clauses, and the clause of each mention.</summary>
internal sealed record Segmented(Resolved Resolved, IReadOnlyList<Clause> Clauses, IReadOnlyList<int> ClauseOfMention)
{
    public List<Token> Tokens => Resolved.Tokens;
    public IReadOnlyList<SkillMatcher.Candidate> Mentions => Resolved.Mentions;
    public Section Section => Resolved.Text.Section;
    public int SentenceOf(int mention) => Clauses[ClauseOfMention[mention]].Sentence;

    /// <summary>The clause a token is in.</summary>
    public int ClauseOfToken(int token)
    {
        int lo = 0, hi = Clauses.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Clauses[mid].First <= token) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>
    /// Clause <paramref name="k"/> names skills only and is followed, in its sentence, by a colon (or, with
    /// <paramref name="dash"/>, a dash) and more words: it labels what follows ("- Akka: …", "- Docker — знаю, что он есть").
    /// </summary>
    public bool LabelsNext(int k, bool dash = false)
    {
        var c = Clauses[k];
        if (!c.Bare || c.End >= Tokens.Count || k + 1 >= Clauses.Count || Clauses[k + 1].Sentence != c.Sentence) return false;
        var marks = dash ? GapMarks.Colon | GapMarks.Dash : GapMarks.Colon;
        return (Tokens[c.End].Marks & marks) != 0 && Tokens[c.End].Before < Gap.Sentence;
    }

    /// <summary>Clause <paramref name="k"/> opens its line.</summary>
    public bool OpensLine(int k) => Clauses[k].First == 0 || Tokens[Clauses[k].First].Before >= Gap.Line;

    /// <summary>A version or a number next to a name: "2.0", "v8", "x".</summary>
    public static bool IsVersionLike(in Token t) =>
        t.Is(TokenFlags.Number) || t.Is(TokenFlags.HasDigit) && t.Key.Length <= 4 || t.Key is "x" or "v";

    /// <summary>Only list words and versions in <c>tokens[from..to)</c>.</summary>
    public bool OnlyListBetween(int from, int to)
    {
        for (var t = from; t < to; t++) if (!Resolved.ListJoinAt[t] && !IsVersionLike(Tokens[t])) return false;
        return true;
    }

    /// <summary>The text of a cue as written, for reasons; a cue read from the section's heading, not its words, is the heading.</summary>
    public string Quote(CueHit cue) => cue.EndToken > cue.FirstToken
        ? Section.Source[Tokens[cue.FirstToken].Start..Tokens[cue.EndToken - 1].End]
        : cue.Cue.Phrase;
}

/// <summary>Splits a section's words into sentences and clauses and files each mention and cue under its clause.</summary>
internal static class Segment
{
    public static Segmented Run(Resolved r, Lexicon lexicon)
    {
        var tokens = r.Tokens;
        var n = tokens.Count;
        var boundaryAt = new bool[n];
        var pronounAt = new bool[n];
        foreach (var cue in r.Cues)
        {
            if (cue.Kind == CueKind.Boundary) boundaryAt[cue.FirstToken] = true;
            // "…the image quality checks it must run": "it" before a modal is a subordinate clause's subject, not an object
            // pointing back at the skills before it.
            if (cue.Kind == CueKind.Pronoun && !(cue.EndToken < n && lexicon.Is(WordKind.Modal, tokens[cue.EndToken].Key)
                                                 && tokens[cue.EndToken].Before <= Gap.Space))
                pronounAt[cue.FirstToken] = true;
        }

        // Spans first: where each clause starts, its sentence, paragraph, depth.
        var spans = new List<(int First, int End, int Sentence, int Paragraph, bool Conjunction, int Depth, bool Pronoun)>();
        int sentence = -1, paragraph = -1, depth = 0;
        int first = -1, spanSentence = 0, spanParagraph = 0, spanDepth = 0;
        bool conjunction = false, pronoun = false;
        for (var t = 0; t < n; t++)
        {
            var gap = tokens[t].Before;
            var newSentence = t == 0 || gap >= Gap.Sentence;
            if (gap == Gap.Paragraph || t == 0) paragraph++;
            if (newSentence) sentence++;
            if (gap >= Gap.Line) depth = 0;
            if ((tokens[t].Marks & GapMarks.CloseBracket) != 0) depth = Math.Max(0, depth - 1);
            if ((tokens[t].Marks & GapMarks.OpenBracket) != 0) depth++;
            if (newSentence || gap >= Gap.Clause || boundaryAt[t] && first != t)
            {
                if (first >= 0) spans.Add((first, t, spanSentence, spanParagraph, conjunction, spanDepth, pronoun));
                (first, spanSentence, spanParagraph, conjunction, spanDepth, pronoun) = (t, sentence, paragraph, boundaryAt[t], depth, false);
            }
            if (pronounAt[t]) pronoun = true;
        }
        if (first >= 0) spans.Add((first, n, spanSentence, spanParagraph, conjunction, spanDepth, pronoun));

        var clauseOf = new int[r.Mentions.Count];
        var clauses = new List<Clause>(spans.Count);
        var cueIndex = 0;
        for (var k = 0; k < spans.Count; k++)
        {
            var s = spans[k];
            // Most clauses name no skill and hold no cue: their lists are the shared empty ones.
            List<int>? mentions = null;
            var bare = true;
            for (var t = s.First; t < s.End; t++)
            {
                var m = r.MentionAt[t];
                if (m >= 0)
                {
                    mentions ??= new List<int>(2);
                    if (mentions.Count == 0 || mentions[^1] != m) mentions.Add(m);
                    clauseOf[m] = k;
                    continue;
                }
                if (r.ListJoinAt[t] || Segmented.IsVersionLike(tokens[t])) continue;
                // "Про VictoriaMetrics: …", "About Kafka: …": a topic word opening a label keeps it bare.
                if (t == s.First && lexicon.Is(WordKind.Topic, tokens[t].Key)) continue;
                bare = false;
            }
            List<CueHit>? cueList = null;
            bool negative = false, others = false;
            while (cueIndex < r.Cues.Count && r.Cues[cueIndex].FirstToken < s.End)
            {
                var cue = r.Cues[cueIndex++];
                if (cue.FirstToken < s.First) continue;
                (cueList ??= new List<CueHit>(2)).Add(cue);
                negative |= cue.Kind == CueKind.Negation;
                // A verb in the past ('настраивал') may be the candidate's own: it does not silence the clause's other cues.
                others |= cue.Kind == CueKind.Others && cue.Value < 2;
            }
            // "Docker-образ и деплой в кубер собирают девопсы": people as the subject of a verb of doing make the clause theirs.
            if (!others && OthersAsSubject(r, s.First, s.End, lexicon) is { } doer)
            {
                cueList ??= new List<CueHit>(1);
                var at = 0;
                while (at < cueList.Count && cueList[at].FirstToken <= doer.FirstToken) at++;
                cueList.Insert(at, doer);
                others = true;
            }
            IReadOnlyList<CueHit> cues = cueList is null ? [] : cueList;
            // Any "не"/"not" makes the clause negative for its other cues ("на работе не пригодилось"), and so does "ни"/"nor"
            // ("не применял ни на работе, ни в пет-проектах": the second clause is a place it was not used).
            for (var t = s.First; t < s.End && !negative; t++)
                negative = (tokens[t].Key is "не" or "not" or "never" or "ни" or "nor" || tokens[t].Key == "t" && t > s.First && tokens[t - 1].Key.EndsWith('n'))
                    && !InOtherCue(cues, t) && !ResolveOverlaps.SaidOfAThing(tokens, t, r.MentionAt, lexicon);
            IReadOnlyList<int> named = mentions is null ? [] : mentions;
            var allRoles = true;
            for (var i = 0; i < named.Count; i++) allRoles &= r.Role[named[i]];
            clauses.Add(new Clause
            {
                First = s.First, End = s.End, Sentence = s.Sentence, Paragraph = s.Paragraph, Conjunction = s.Conjunction,
                Depth = s.Depth, HasPronoun = s.Pronoun, Bare = bare && named.Count > 0, HasNegative = negative,
                HasOthers = others, BarePredicate = IsBarePredicate(r, s.First, s.End, cues, lexicon), AllRoles = allRoles,
                Mentions = named, Cues = cues,
            });
        }
        return new Segmented(r, clauses, clauseOf);
    }

    /// <summary>
    /// "…собирают девопсы", "Модель оттока строила команда DS", "Автотесты в Jenkins добавлял Дима", "они гоняют k6 сами":
    /// a verb of doing in the third person (<see cref="WordKind.DoerVerb"/>) with people in the nominative beside it — a
    /// role, a team, a word of <see cref="WordKind.Doer"/>, or a first name right after a verb at the clause's end — and
    /// no "я" or "мы" in the clause: the work is someone else's. "Настраивал Kubernetes вместе с девопсами" is the
    /// candidate's (no nominative doer), as is "я с аналитиками считаю A/B-тесты".
    /// </summary>
    internal static CueHit? OthersAsSubject(Resolved r, int first, int end, Lexicon lexicon)
    {
        var tokens = r.Tokens;
        // "…, Яндекс.Директ — маркетологи": after a dash, people alone say who does what came before.
        if ((tokens[first].Marks & GapMarks.Dash) != 0 && end - first <= 3 && IsDoer(tokens[end - 1], lexicon) && PluralDoer(tokens[end - 1].Key))
        {
            var bare = true;
            for (var t = first; t < end; t++) bare &= r.MentionAt[t] < 0 && !lexicon.Is(WordKind.FirstPerson, tokens[t].Key);
            if (bare) return new CueHit(new Cue(CueKind.Others, DoerBeside, tokens[end - 1].Key), first, end);
        }
        // "they write the SQL and run the stats", "but he owns the Terraform": a third person as the clause's subject, with
        // no "I" or "we" in it, does its work; so do people of a kind in the plural ("Analysts build in Looker"). Only of
        // what the clause itself names: "… (they always ask why)" says nothing of the skills before it.
        var subject = first;
        if (subject < end && tokens[subject].Key is "and" or "but" or "so") subject++;
        if (subject + 1 < end && (lexicon.Is(WordKind.ThirdPerson, tokens[subject].Key)
                                  || tokens[subject].Is(TokenFlags.Latin) && lexicon.IsRoleNoun(tokens[subject].Key) && tokens[subject].Key.EndsWith('s'))
            && r.MentionAt[subject] < 0 && r.MentionAt[subject + 1] < 0
            && NamesASkill(r, subject + 1, end) && !CandidateIsAgent(tokens, first, end, lexicon))
            return new CueHit(new Cue(CueKind.Others, DoerBeside, tokens[subject].Key), subject, subject + 1);
        // "written in Swift by a separate contractor", "maintained in Go by the SDK engineers": a passive's agent, a
        // participle before "by" and people after it, with no "I" or "we" in the clause.
        for (var b = first + 1; b < end - 1; b++)
        {
            if (tokens[b].Key != "by" || !Participle(tokens, first, b)) continue;
            for (var d = b + 1; d < Math.Min(end, b + 5); d++)
            {
                // "by the Android team": a skill may name the team.
                if (r.MentionAt[d] >= 0 || !EnglishPeople(tokens[d], lexicon)) continue;
                return CandidateIsAgent(tokens, first, end, lexicon) ? null : new CueHit(new Cue(CueKind.Others, DoerBeside, "by"), b, d + 1);
            }
        }
        // "Дашборды собраны в Grafana нашими девопсами": a short passive participle and people in the instrumental.
        for (var v = first; v < end; v++)
        {
            if (!ShortParticiple(tokens[v].Key)) continue;
            for (var d = Math.Max(first, v - 4); d < Math.Min(end, v + 5); d++)
            {
                if (d == v || !InstrumentalPeople(tokens[d], lexicon)) continue;
                return CandidateIsAgent(tokens, first, end, lexicon) ? null : new CueHit(new Cue(CueKind.Others, DoerBeside, tokens[v].Key), v, v + 1);
            }
        }
        for (var v = first; v < end; v++)
        {
            var key = tokens[v].Key;
            if (!ThirdPersonVerbEnding(key) || !lexicon.Is(WordKind.DoerVerb, key)) continue;
            for (var t = first; t < end; t++)
                if (lexicon.Is(WordKind.FirstPerson, tokens[t].Key)) return null;
            for (var d = Math.Max(first, v - 3); d < Math.Min(end, v + 4); d++)
            {
                if (d == v) continue;
                // The verb agrees with its doer in number: "собрал половину команды" is the candidate's.
                // "В компании есть команда, которая тестирует модуль на Java + Selenide": "которая" is the team.
                if (IsDoer(tokens[d], lexicon) && PluralVerb(key) == PluralDoer(tokens[d].Key)
                    || d == v + 1 && d == end - 1 && r.MentionAt[d] < 0 && !PluralVerb(key) && IsFirstName(tokens[d])
                    || d == first && d > 0 && tokens[d].Key is "которая" or "который" or "которые" && IsDoer(tokens[d - 1], lexicon)
                       && PluralVerb(key) == (tokens[d].Key == "которые"))
                    return new CueHit(new Cue(CueKind.Others, DoerBeside, tokens[v].Key), v, v + 1);
            }
        }
        return null;
    }

    private static bool NamesASkill(Resolved r, int from, int end)
    {
        for (var t = from; t < end; t++)
            if (r.MentionAt[t] >= 0) return true;
        return false;
    }

    /// <summary>"by myself", "мной", "нами", or "я"/"we" anywhere in the clause: the candidate did the work.</summary>
    private static bool CandidateIsAgent(IReadOnlyList<Token> tokens, int first, int end, Lexicon lexicon)
    {
        for (var t = first; t < end; t++)
            if (lexicon.Is(WordKind.FirstPerson, tokens[t].Key) || tokens[t].Key is "myself" or "me" or "мной" or "мною" or "нами") return true;
        return false;
    }

    private static readonly string[] ShortParticipleEndings = ["аны", "яны", "ены", "ёны", "ана", "яна", "ена", "ано", "ено", "ан", "ен", "уты", "ута", "ут", "ыты", "иты"];
    private static readonly string[] ParticiplePrefixes = ["на", "с", "раз", "под", "вы", "по", "за", "от", "пере", "внедр", "реализ"];
    private static readonly string[] InstrumentalEndings = ["ами", "ями", "ом", "ем", "ой", "ей"];

    /// <summary>"собраны", "написан", "настроена", "развёрнуты": a Russian short passive participle.</summary>
    private static bool ShortParticiple(string key) =>
        key.Length >= 6 && key[0] is >= 'а' and <= 'я' && EndsWithAny(key, ShortParticipleEndings) && StartsWithAny(key, ParticiplePrefixes);

    /// <summary>"девопсами", "разработчиками", "подрядчиком", "командой": people in the instrumental.</summary>
    private static bool InstrumentalPeople(in Token token, Lexicon lexicon)
    {
        var key = token.Key;
        if (key.Length < 5 || key[0] is < 'а' or > 'я' || !EndsWithAny(key, InstrumentalEndings)) return false;
        return lexicon.Is(WordKind.Team, key) || lexicon.Is(WordKind.Doer, key) || lexicon.IsRoleNoun(key);
    }

    private static bool StartsWithAny(string key, string[] beginnings)
    {
        foreach (var b in beginnings)
            if (key.StartsWith(b, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>"written", "built", "maintained", "run": an English participle before "by" in its clause.</summary>
    private static bool Participle(IReadOnlyList<Token> tokens, int first, int by)
    {
        for (var t = by - 1; t >= first && t >= by - 6; t--)
        {
            var key = tokens[t].Key;
            if (key.Length >= 4 && (key.EndsWith("ed", StringComparison.Ordinal) || key.EndsWith("en", StringComparison.Ordinal))
                || key is "built" or "run" or "set" or "kept" or "held" or "done" or "made" or "owned" or "led") return true;
        }
        return false;
    }

    /// <summary>People in English: a contractor, a vendor, a team, an engineer (a role noun), in the singular or plural.</summary>
    private static bool EnglishPeople(in Token token, Lexicon lexicon)
    {
        var key = token.Key;
        if (key.Length < 3 || key[0] is < 'a' or > 'z') return false;
        return lexicon.Is(WordKind.Doer, key) || lexicon.Is(WordKind.Team, key) || lexicon.IsRoleNoun(key, maxExtra: 1);
    }

    /// <summary>The value of an others' cue found by <see cref="OthersAsSubject"/>: the doer is beside the verb, before or after it.</summary>
    internal const double DoerBeside = 3;

    // Russian endings, checked on a word's lowercase form: the verb's person and number, and the oblique cases of nouns.
    private static readonly string[] ThirdPersonEndings = ["ет", "ют", "ит", "ят", "ут", "ат", "л", "ла", "ли", "ло"];
    private static readonly string[] PluralVerbEndings = ["ют", "ят", "ут", "ат", "ли"];
    private static readonly string[] ObliqueEndings = ["ом", "ем", "ой", "ей", "ам", "ами", "ями", "ах", "ях", "ов", "ев", "у", "ю", "е", "а", "я"];
    private static readonly string[] NameObliqueEndings = ["ой", "ей", "ом", "ем", "у", "ю", "е", "и", "ы"];

    private static bool EndsWithAny(string key, string[] endings)
    {
        foreach (var e in endings)
            if (key.EndsWith(e, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>A verb without its reflexive ending: "занимаются" → "занимают".</summary>
    private static string WithoutReflexive(string key) =>
        key.EndsWith("ся", StringComparison.Ordinal) || key.EndsWith("сь", StringComparison.Ordinal) ? key[..^2] : key;

    /// <summary>"собирают", "выкатывает", "строила", "добавлял", "занимаются": a verb in the third person (or the past).</summary>
    private static bool ThirdPersonVerbEnding(string key) =>
        key.Length >= 4 && key[0] is >= 'а' and <= 'я' && EndsWithAny(WithoutReflexive(key), ThirdPersonEndings);

    private static bool PluralVerb(string key) => EndsWithAny(WithoutReflexive(key), PluralVerbEndings);

    private static bool PluralDoer(string key) => key[^1] is 'ы' or 'и' || key is "ребята" or "они";

    /// <summary>People in the nominative: "девопсы", "аналитики", "команда", "подрядчик", "тестировщица"; not "девопсами", "аналитиков".</summary>
    private static bool IsDoer(in Token token, Lexicon lexicon)
    {
        var key = token.Key;
        if (lexicon.Is(WordKind.Doer, key)) return true;
        if (!lexicon.IsRoleNoun(key) || key[0] is < 'а' or > 'я') return false;
        // "тестировщица", "аналитичка", "программистка": feminine nouns end in "а" in the nominative.
        if (key.EndsWith("ица", StringComparison.Ordinal) || key.EndsWith("ка", StringComparison.Ordinal) && key.Length > 2 && key[^3] is 'ч' or 'т' or 'р') return true;
        return !EndsWithAny(key, ObliqueEndings);
    }

    /// <summary>"Дима", "Лена", "Олег": a capitalised Russian word in the nominative, no skill, at the end of its clause.</summary>
    private static bool IsFirstName(in Token token) =>
        token.Is(TokenFlags.Capitalized) && !token.Is(TokenFlags.AllUpper) && token.Key.Length >= 3 && token.Key[0] is >= 'а' and <= 'я'
        && !EndsWithAny(token.Key, NameObliqueEndings);

    /// <summary>The word belongs to a cue that is not a negation ("не хватает", "не очень", "не только").</summary>
    private static bool InOtherCue(IReadOnlyList<CueHit> cues, int t)
    {
        for (var i = 0; i < cues.Count; i++)
            if (t >= cues[i].FirstToken && t < cues[i].EndToken && cues[i].Kind is not (CueKind.Negation or CueKind.ListJoin)) return true;
        return false;
    }

    private static bool IsBarePredicate(Resolved r, int first, int end, IReadOnlyList<CueHit> cues, Lexicon lexicon)
    {
        for (var t = first; t < end; t++)
        {
            if (r.MentionAt[t] >= 0) return false;
            if (lexicon.Particles.Contains(r.Tokens[t].Key) || r.Tokens[t].Key.Length <= 1) continue;
            var covered = false;
            for (var i = 0; i < cues.Count && !covered; i++)
                covered = t >= cues[i].FirstToken && t < cues[i].EndToken;
            if (!covered) return false;
        }
        return true;
    }
}
