using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>Where a skill was used, strongest last; it sets the base of the level.</summary>
internal enum Where : byte { None, Course, General, Familiar, List, Project, Internship, Research, Commercial }

/// <summary>Everything the cues and numbers around one mention say about it (stage 6 output, per mention).</summary>
/// <remarks>A value: the stages rewrite it with <c>with</c> many times a mention, which as a class allocated a copy each time.</remarks>
internal readonly record struct MentionScope
{
    public MentionScope() { }

    public bool ContextOk { get; init; }
    public bool Negated { get; init; }
    /// <summary>Denied without qualification ("не работал с X", not "в прод X не деплоил"): not inferred either.</summary>
    public bool DeniedOutright { get; init; }
    /// <summary>A cue of the candidate's own use reached it; a negation reaching back from a later clause then qualifies instead of cancelling.</summary>
    public bool Positive { get; init; }
    /// <summary>The highest level the words allow (a hedge, a course, the past, a hypothetical), 1 when nothing caps it.</summary>
    public double Cap { get; init; } = 1;
    public CueHit? CapCue { get; init; }
    /// <summary>Where a cue says the skill was used; <see cref="Where.None"/> when no cue says (the section decides).</summary>
    public Where Where { get; init; }
    public CueHit? WhereCue { get; init; }
    public double Strong { get; init; }
    public IReadOnlyList<CueHit> StrongCues { get; init; } = [];
    public double Years { get; init; }
    public bool Size { get; init; }
    public (double Value, double Scale)? Rating { get; init; }
    public bool Usage { get; init; }
    public bool Exclusive { get; init; }
    /// <summary>The verb of a move onto this skill ("переехали на YOLOv8"): the current tool, a depth word.</summary>
    public CueHit? MovedToCue { get; init; }
    /// <summary>Named as someone else's work ("этим занимается DevOps"); counts only with the candidate's own use elsewhere.</summary>
    public bool ByOthers { get; init; }
    /// <summary>Named as the one who does the work: a colleague, not a skill.</summary>
    public bool Agent { get; init; }
    /// <summary>Named as a wish or in the answer to a question about wishes; counts only with the candidate's own use.</summary>
    public bool Wished { get; init; }
    /// <summary>Said as a possibility ("можно попробовать A/B тесты"): not the candidate's, whatever else the clause says.</summary>
    public bool Hypothetical { get; init; }
    /// <summary>
    /// Named as used before the candidate came ("Metabase was used at Kuhnia before I joined"): not the candidate's, and no
    /// denial either ("we standardised on Terraform before I joined" keeps their Terraform). Russian has no such cue: "до
    /// меня" is as often the candidate's own ("поддерживал то, что было до меня").
    /// </summary>
    public bool BeforeTheirTime { get; init; }
    /// <summary>The negation, intent or others' cue that decided against the mention (for the trace).</summary>
    public CueHit? AgainstCue { get; init; }
    /// <summary>The alias is part of a role: "ML-инженеров", "data engineers".</summary>
    public bool Role { get; init; }

    public bool Counts => ContextOk && !Negated && !Agent && !Hypothetical && !BeforeTheirTime && (Positive || !ByOthers && !Wished);
    /// <summary>Denied by the candidate in so many words ("с Realm я толком не работал").</summary>
    public bool DeniedInSoManyWords => ContextOk && Negated && DeniedOutright;
    /// <summary>Said not to be the candidate's: denied outright, or named as someone else's work.</summary>
    public bool Disclaimed => DeniedInSoManyWords || ContextOk && (Agent || ByOthers && !Positive);
    public bool Hedged => Cap < 1;
}

/// <summary>Stage 6 output: each mention's scope (what the cues and numbers around it say).</summary>
/// <param name="SectionSize">The section states a data size somewhere ("база на 2 ТБ").</param>
internal sealed record Scoped(Filtered Filtered, IReadOnlyList<MentionScope> Scopes, bool SectionSize)
{
    public Segmented Segmented => Filtered.Segmented;
}

/// <summary>
/// Scopes cues to mentions. A cue reaches the skills of its own clause on the side it governs (after it when there are
/// any, else before it); from there a leading cue spreads forward over bare list items and a trailing negation back
/// over them ("не работал с MongoDB, ClickHouse", "MongoDB, ClickHouse — не работал"). A cue in a clause without skills
/// refers back to the nearest clause with skills, skipping asides in brackets ("Kafka — нет", "Python (pytest) —
/// основной"); at the head of a sentence it refers forward. A pronoun ("it", "с ними") refers back, if need be to the
/// sentence before. Numbers (years, sizes, ratings, shares) are read by <see cref="NumberCues"/> the same way.
/// </summary>
internal sealed class ScopeCues
{
    /// <summary>A mention's scope while the cues are applied; frozen into a <see cref="MentionScope"/> at the end.</summary>
    internal sealed class Builder
    {
        public MentionScope Scope = new();
        public List<CueHit>? StrongCues;
    }

    private readonly Segmented _s;
    private readonly Builder[] _m;
    private readonly bool _vacancy;
    private SkillMatcher? _matcher;

    private ScopeCues(Filtered f, bool vacancy)
    {
        _s = f.Segmented;
        _vacancy = vacancy;
        _m = new Builder[_s.Mentions.Count];
        var wished = !vacancy && (_s.Section.Traits & SectionTraits.Aspiration) != 0;
        for (var i = 0; i < _m.Length; i++)
            _m[i] = new Builder { Scope = new MentionScope { ContextOk = f.ContextOk[i], Role = _s.Resolved.Role[i], Wished = wished } };
    }

    /// <param name="vacancy">A job description: wording about what is needed describes the job, not a wish.</param>
    public static Scoped Run(Filtered f, bool vacancy, Lexicon? lexicon = null, int[]? asked = null, SkillMatcher? matcher = null)
    {
        var stage = new ScopeCues(f, vacancy) { _lexicon = lexicon ?? Lexicon.Default, _matcher = matcher };
        stage.Colleagues();
        stage.ApplyCues();
        if (asked is { Length: > 0 }) stage.AnswerSaysNo(asked);
        stage.OtherTeamsWork();
        stage.OthersBeforeColon();
        stage.WhereThingsRun();
        stage.AsidesFollowTheirHead();
        stage.AsidesDenyTheirHead();
        stage.DenialsHoldInTheirSentence();
        stage.StudiedButNotUsedAtWork();
        stage.AlsoDenied();
        stage.SpreadWhereThroughSentences();
        stage.CarryWhereThroughParagraphs();
        stage.DiluteStrongCues();
        stage.MovedAwayFrom();
        var size = NumberCues.Apply(stage._s, stage._m, stage._lexicon);
        if (!vacancy)
        {
            stage.WhatOthersDo();
            stage.WhatTheCandidateLacks();
        }
        var scopes = new MentionScope[stage._m.Length];
        for (var i = 0; i < scopes.Length; i++)
            scopes[i] = stage._m[i].Scope with { StrongCues = stage._m[i].StrongCues ?? (IReadOnlyList<CueHit>)[] };
        return new Scoped(f, scopes, size);
    }

    /// <summary>
    /// "Have you worked with Hadoop, Hive or NiFi? — No, I started after the on-prem Hadoop era": an answer that opens with
    /// a bare no ("No,", "Нет.", "Not directly.") says no to the skills its question asks about; named again in its first
    /// sentence, they are denied unless the candidate says there that they used them ("Нет, только Hadoop").
    /// </summary>
    private void AnswerSaysNo(int[] asked)
    {
        var tokens = _s.Tokens;
        if (tokens.Count < 2 || !_lexicon.Is(WordKind.AnswerNo, tokens[0].Key) || tokens[0].Key is "не") return;
        // "No," or "Not directly." — the no stands alone before the rest of the answer.
        var noEnd = 1;
        if (tokens[0].Key == "not" && tokens.Count > 2 && tokens[1].Before <= Text.Gap.Space) noEnd = 2;
        if (tokens[noEnd].Before < Text.Gap.Clause) return;
        var sentence = Clauses[_s.ClauseOfToken(0)].Sentence;
        var cue = new CueHit(new Cue(CueKind.Negation, 0, tokens[0].Key), 0, noEnd);
        for (var i = 0; i < _m.Length; i++)
        {
            var m = _m[i].Scope;
            if (Clauses[_s.ClauseOfMention[i]].Sentence != sentence || m.Positive || m.Negated || !m.ContextOk) continue;
            if (Array.IndexOf(asked, _s.Mentions[i].Ordinal) < 0) continue;
            _m[i].Scope = m with { Negated = true, DeniedOutright = true, AgainstCue = cue };
        }
    }

    /// <summary>
    /// "Чего нет / что не моё: … Vanessa Automation — пока только посмотрела демо", "not my strengths: Angular — one uni
    /// project": under a heading of what the candidate lacks, a skill is denied unless its words say the candidate used it
    /// (a cue of own use, a place of work, a rating) or how little ("Kubernetes — basic, kubectl only" stays, hedged; so
    /// does "TensorFlow: only for my thesis, I haven't used it since", in the past). A line's label is what the line lacks
    /// whatever verbs follow it, unless they say how little.
    /// </summary>
    private void WhatTheCandidateLacks()
    {
        if ((_s.Section.Traits & SectionTraits.Gaps) == 0) return;
        var cue = new CueHit(new Cue(CueKind.Negation, 0, _s.Section.Title ?? _s.Section.Name), 0, 0);
        // Each line or sentence names what is lacking first; what it goes on to say is what is used instead ("GraphQL:
        // basically none, we're REST + tRPC", "…можно было бы перейти на Odyssey, но PgBouncer нас устраивает"): only the
        // first clause of a sentence is denied, with its bracketed aside.
        var sentence = -1;
        var deniedClause = -1;
        for (var i = 0; i < _m.Length; i++)
        {
            var b = _m[i];
            var clause = _s.ClauseOfMention[i];
            if (Clauses[clause].Sentence != sentence)
            {
                sentence = Clauses[clause].Sentence;
                deniedClause = clause;
                while (deniedClause > 0 && Clauses[deniedClause - 1].Sentence == sentence) deniedClause--;
                // "A few honest gaps: GraphQL — so far none": a label before a colon is not what is lacking.
                while (Clauses[deniedClause].Mentions.Count == 0 && deniedClause + 1 < Clauses.Count && Clauses[deniedClause + 1].Sentence == sentence
                       && (_s.Tokens[Clauses[deniedClause + 1].First].Marks & Text.GapMarks.Colon) != 0)
                    deniedClause++;
            }
            if (HeadOf(clause) != deniedClause)
            {
                // "- Cloud: the data platform runs on AWS, but the data engineering team owns it": what the line goes on to
                // name is used instead only where it says so, or says whose it is ("we're REST + tRPC"); otherwise it is
                // named, not claimed.
                // ("Управление людьми — нет, но менторю двух джунов": after "but" comes what the candidate does instead.)
                if (b.Scope is { ContextOk: true, Negated: false, Positive: false } rest && !Clauses[clause].Conjunction
                    && !SaysWhose(Clauses[clause]) && !AsideOfWhose(clause) && !SaysWhose(Clauses[deniedClause]))
                    b.Scope = rest with { Wished = true, AgainstCue = rest.AgainstCue ?? cue };
                continue;
            }
            // "Causal inference beyond A/B (diff-in-diff): only a course": the gap lies past what the candidate has.
            if (AfterBesides(_s.Mentions[i].FirstToken)) continue;
            var m = b.Scope;
            // "Chef и Puppet в компаниях, где я работал, не использовались": under a heading of gaps, where a tool was (at
            // work) is no word of the candidate's use.
            // "- Core ML: I'd love to use on-device models, but so far it's a contractor's prototype": the label that opens a
            // line is the gap the line is about, whatever verbs the line goes on to use; how little ("basic") still keeps it.
            var label = LabelsTheLine(clause, dash: true);
            // "- TensorFlow: only for my master's thesis, I haven't used it since": used once, long ago, is how little too.
            if (!m.ContextOk || m.Negated || !label && (m.Usage || m.Strong > 0) || m.Rating is not null || m.CapCue is { Kind: CueKind.Hedge or CueKind.Past }) continue;
            b.Scope = m with { Negated = true, AgainstCue = cue, Positive = false };
        }
    }

    /// <summary>"beyond A/B", "кроме Postgres", "other than Python", "apart from SQL".</summary>
    private bool AfterBesides(int first)
    {
        var tokens = _s.Tokens;
        if (first >= 1 && tokens[first].Before <= Text.Gap.Space && _lexicon.Is(WordKind.Besides, tokens[first - 1].Key)
            && tokens[first - 1].Key is not ("other" or "apart")) return true;
        return first >= 2 && tokens[first].Before <= Text.Gap.Space && tokens[first - 1].Before <= Text.Gap.Space
               && tokens[first - 1].Key is "than" or "from" or "of" && _lexicon.Is(WordKind.Besides, tokens[first - 2].Key);
    }

    /// <summary>
    /// "Что делают другие команды — Сеть, BGP и балансировщики держат сетевики. Kafka сопровождает команда платформы":
    /// under a question about others' work, a skill is theirs unless its words say the candidate used it or how little.
    /// </summary>
    private void WhatOthersDo()
    {
        if ((_s.Section.Traits & SectionTraits.OthersWork) == 0) return;
        var cue = new CueHit(new Cue(CueKind.Others, 0, _s.Section.Title ?? _s.Section.Name), 0, 0);
        for (var i = 0; i < _m.Length; i++)
        {
            var b = _m[i];
            var m = b.Scope;
            // "The feature pipelines run in Airflow": a verb of use is the candidate's only when they are its subject
            // ("I write the occasional SQL query against Snowflake").
            if (!m.ContextOk || m.Negated || m.ByOthers || SaysUseOrHowLittle(m)) continue;
            // "though I do tune my own models (clustering keys, rewriting window-function-heavy models)": an aside is
            // said by its head's subject.
            var own = _s.ClauseOfMention[i];
            if (SaysWhoItIs(Clauses[own]) || SaysWhoItIs(Clauses[HeadOf(own)])) continue;
            b.Scope = m with { ByOthers = true, Positive = false, AgainstCue = m.AgainstCue ?? cue };
        }
    }

    /// <summary>
    /// "В основном использовал sqlalchemy и postgresql" says much of two skills; "в основном CV и NLP, например YOLO,
    /// ResNet, U-Net, Mistral, GPT, BERT" says little of each: a depth word reaching more than
    /// <see cref="LevelModel.StrongFullReach"/> skills gives each its share.
    /// </summary>
    private void DiluteStrongCues()
    {
        if (Array.TrueForAll(_m, b => b.StrongCues is null)) return;
        // Skills in a bracketed aside ("CV (сверточные)") gloss the one before them: they share its depth, not dilute it.
        var reach = new Dictionary<(int, int), int>();
        for (var i = 0; i < _m.Length; i++)
            if (_m[i].StrongCues is { } cues && Clauses[_s.ClauseOfMention[i]].Depth == 0)
                foreach (var c in cues) reach[(c.FirstToken, c.EndToken)] = reach.GetValueOrDefault((c.FirstToken, c.EndToken)) + 1;
        foreach (var b in _m)
        {
            if (b.StrongCues is null) continue;
            var strong = 0.0;
            foreach (var c in b.StrongCues)
            {
                var value = c.Kind == CueKind.Only ? LevelModel.ExclusiveBoost : c.Value;
                strong += value * Math.Min(1.0, (double)LevelModel.StrongFullReach / Math.Max(1, reach.GetValueOrDefault((c.FirstToken, c.EndToken))));
            }
            b.Scope = b.Scope with { Strong = strong };
        }
    }

    /// <summary>
    /// "At the internship I work on a FastAPI service. … We deploy with Docker Compose.", "3 года коммерции (банк).
    /// Kotlin, Jetpack Compose, корутины": where the opening sentence of a paragraph says the work was done holds for the
    /// skills of the paragraph's later sentences that say nothing of their own.
    /// </summary>
    private void CarryWhereThroughParagraphs()
    {
        var clauses = Clauses;
        var k = 0;
        while (k < clauses.Count)
        {
            var paragraph = clauses[k].Paragraph;
            var firstSentence = clauses[k].Sentence;
            CueHit? where = null;
            var end = k;
            for (; end < clauses.Count && clauses[end].Paragraph == paragraph; end++)
            {
                if (clauses[end].Sentence != firstSentence || where is not null || clauses[end].HasNegative || clauses[end].HasOthers) continue;
                foreach (var cue in clauses[end].Cues)
                {
                    // "RabbitMQ at the previous job for order events. Here it's Kafka": a previous job is its sentence's only.
                    if (cue.Kind == CueKind.Commercial && cue.Value >= 1) break;
                    if (cue.Kind is CueKind.Commercial or CueKind.Project or CueKind.Research) { where = cue; break; }
                }
            }
            if (where is { } w)
                for (var j = k; j < end; j++)
                {
                    if (clauses[j].Sentence == firstSentence) continue;
                    foreach (var i in clauses[j].Mentions)
                    {
                        var m = _m[i].Scope;
                        if (m.WhereCue is null && m.ContextOk && !m.Negated)
                            _m[i].Scope = m with { Where = WhereOf(w.Kind), WhereCue = w };
                    }
                }
            k = end;
        }
    }

    /// <summary>
    /// "At the internship I work on a FastAPI service for hotel search: Pydantic models, async SQLAlchemy with PostgreSQL":
    /// where a clause says the work was done holds for the skills of the rest of its sentence that say nothing of their
    /// own, up to a conjunction ("на работе Python, а дома Rust").
    /// </summary>
    private void SpreadWhereThroughSentences()
    {
        var clauses = Clauses;
        for (var k = 0; k < clauses.Count; k++)
        {
            var clause = clauses[k];
            if (clause.HasNegative || clause.HasOthers) continue;
            CueHit? where = null;
            foreach (var cue in clause.Cues)
                if (cue.Kind is CueKind.Commercial or CueKind.Project or CueKind.Research) { where = cue; break; }
            if (where is not { } w) continue;
            for (var j = k + 1; j < clauses.Count && clauses[j].Sentence == clause.Sentence && !clauses[j].Conjunction; j++)
            {
                // "PostgreSQL (базово, на пет-проекте), RabbitMQ": a cue in brackets stays in them.
                if (clauses[j].HasNegative || clauses[j].HasOthers || clauses[j].Depth < clause.Depth) break;
                foreach (var i in clauses[j].Mentions)
                {
                    var m = _m[i].Scope;
                    if (m.WhereCue is null && m.ContextOk && !m.Negated)
                        _m[i].Scope = m with { Where = WhereOf(w.Kind), WhereCue = w };
                }
            }
        }
    }

    /// <summary>
    /// "Вынес расчёт слотов из старого PHP-монолита в микросервис на Go", "moved from Jenkins to GitLab CI": what the
    /// candidate moved away from is in the past. A sentence with a verb of moving, a skill after a "from" word and another
    /// after a "to" word: the first is capped as the past is.
    /// </summary>
    private void MovedAwayFrom()
    {
        var cues = _s.Resolved.Cues;
        for (var c = 0; c < cues.Count; c++)
        {
            var verb = cues[c];
            if (verb.Kind != CueKind.Migration || verb.Value != 0) continue;
            var sentence = Clauses[_s.ClauseOfToken(verb.FirstToken)].Sentence;
            int from = -1, to = -1, onto = -1;
            for (var i = 0; i < _m.Length; i++)
            {
                if (_s.SentenceOf(i) != sentence) continue;
                var side = SideOf(_s.Mentions[i].FirstToken);
                if (side == 1 && from < 0) from = i;
                else if (side == 2 && onto < 0) onto = i;
                if (side == 2 && to < 0 && _s.Mentions[i].Ordinal != (from >= 0 ? _s.Mentions[from].Ordinal : -1)) to = i;
            }
            // "сначала YOLOv5, потом переехали на YOLOv8", "moved all SQL transformations to dbt": what the work was moved
            // onto is the current tool, and the one who moved it knows it.
            if (onto >= 0 && _m[onto].Scope is { Counts: true, Hedged: false, MovedToCue: null } target)
                _m[onto].Scope = target with { MovedToCue = verb, Strong = target.Strong + LevelModel.MovedToBoost };
            if (from < 0 || to < 0) continue;
            var m = _m[from].Scope;
            if (LevelModel.MovedAwayCap < m.Cap) _m[from].Scope = m with { Cap = LevelModel.MovedAwayCap, CapCue = verb };
        }
    }

    /// <summary>1 when a "from" word stands at most two words before the token ("из старого PHP"), 2 for a "to" word, else 0.</summary>
    private int SideOf(int token)
    {
        var clause = Clauses[_s.ClauseOfToken(token)];
        CueHit? nearest = null;
        foreach (var cue in clause.Cues)
            if (cue.Kind == CueKind.Migration && cue.Value >= 1 && cue.EndToken <= token && (nearest is null || cue.EndToken > nearest.Value.EndToken))
                nearest = cue;
        if (nearest is not { } n) return 0;
        var gap = token - n.EndToken;
        return gap > 2 || gap > 0 && _s.Resolved.MentionAt[token - 1] >= 0 ? 0 : (int)n.Value;
    }

    private static Where WhereOf(CueKind kind) => kind switch
    {
        CueKind.Commercial => Where.Commercial,
        CueKind.Project => Where.Project,
        CueKind.Research => Where.Research,
        _ => Where.None,
    };

    internal static bool IsNegative(CueKind k) => k is CueKind.Negation or CueKind.NoExperience or CueKind.Intent;

    internal static int FamilyOf(CueKind k) => k switch
    {
        CueKind.Negation or CueKind.NoExperience or CueKind.Intent => 1,
        CueKind.Hedge or CueKind.Course or CueKind.Past or CueKind.Hypothetical => 2,
        CueKind.Commercial or CueKind.Project or CueKind.Research => 3,
        CueKind.Strong => 4,
        CueKind.Usage => 5,
        _ => 0,
    };

    private IReadOnlyList<Clause> Clauses => _s.Clauses;

    private Lexicon _lexicon = Lexicon.Default;

    /// <summary>
    /// "Этим занимается DevOps", "зона DBA": a cue whose doer follows needs one — a skill, a role or a team right after it.
    /// "Зона ответственности — модели для розничного кредитования" names the candidate's own area.
    /// </summary>
    private bool DoerFollows(int k, CueHit cue)
    {
        var tokens = _s.Tokens;
        var end = Clauses[k].End;
        // "the SCADA screens are theirs too": the cue names its doer itself.
        if (_lexicon.Is(WordKind.Doer, tokens[cue.EndToken - 1].Key)) return true;
        for (var t = cue.EndToken; t < end && t < cue.EndToken + 3; t++)
        {
            // "делают наши художники", "настраивал его другой разработчик": a role, a team, or people of ours.
            // "JMeter и k6 пишут метрики в InfluxDB": a skill after a preposition is where the work goes, not who does it.
            if (_s.Resolved.MentionAt[t] >= 0 && cue.Value < 2 && !(t > 0 && _lexicon.Is(WordKind.Preposition, tokens[t - 1].Key))
                || _lexicon.IsRoleNoun(tokens[t].Key) || _lexicon.Is(WordKind.Team, tokens[t].Key)
                || _lexicon.Is(WordKind.Possessive, tokens[t].Key) || _lexicon.Is(WordKind.Doer, tokens[t].Key))
                return true;
            foreach (var c in Clauses[k].Cues)
                if (c.Kind == CueKind.Others && c.FirstToken == t) return true;
        }
        return false;
    }

    /// <summary>
    /// "Our R&amp;D group is starting an LLM assistant", "the data team owns the Airflow DAGs": a named team of the company
    /// (a qualifier between "our" or "the" and team, group, department) does what its clause says next; the candidate's
    /// own team is just "our team", "my team".
    /// </summary>
    private void OtherTeamsWork()
    {
        var tokens = _s.Tokens;
        for (var k = 0; k < Clauses.Count; k++)
        {
            var clause = Clauses[k];
            // "Kafka exists in our stack but a separate data-platform team runs it": a clause that opens with "but", names
            // a team and points back with a pronoun says whose the last clause's skills are.
            var pointsBack = clause.Mentions.Count == 0 && k > 0 && Clauses[k - 1].Sentence == clause.Sentence && Clauses[k - 1].Mentions.Count > 0
                             && _lexicon.Is(WordKind.Contrast, tokens[clause.First].Key) && !SaysWhoItIs(clause);
            if (clause.Mentions.Count == 0 && !pointsBack) continue;
            for (var t = clause.First; t < clause.End; t++)
            {
                if (!_lexicon.Is(WordKind.Possessive, tokens[t].Key)) continue;
                var team = -1;
                // "the marketing analysts build their dashboards in Tableau": people of a kind in the plural are a team too.
                for (var u = t + 2; u < clause.End && u <= t + 4; u++)
                    if (_lexicon.Is(WordKind.Team, tokens[u].Key) || _lexicon.Is(WordKind.Doer, tokens[u].Key)
                        || _lexicon.IsRoleNoun(tokens[u].Key) && tokens[u].Key.EndsWith('s') && _s.Resolved.MentionAt[u] < 0) { team = u; break; }
                // "a couple of teams use Metabase": "a" goes with one team, not with a quantity of them.
                if (team < 0 || tokens[t].Key is "a" or "an" && tokens[team].Key.EndsWith('s')) continue;
                // "When I joined the current team", "I lead the data team": the candidate's own.
                var own = false;
                for (var u = clause.First; u < team; u++) own |= _lexicon.Is(WordKind.OwnTeamClause, tokens[u].Key);
                if (own) continue;
                var cue = new CueHit(new Cue(CueKind.Others, 0, "team"), t, team + 1);
                if (pointsBack)
                {
                    // "…, but a separate team runs it", "…, but that pipeline is owned by the platform team".
                    if ((PronounAfter(clause, team) || PronounAt(clause, clause.First + 1)) && !SaysWhoItIs(Clauses[k - 1]))
                        foreach (var i in Clauses[k - 1].Mentions)
                            if (_m[i].Scope is { ContextOk: true, Positive: false, ByOthers: false } m)
                                _m[i].Scope = m with { ByOthers = true, AgainstCue = m.AgainstCue ?? cue };
                    break;
                }
                foreach (var i in clause.Mentions)
                {
                    var m = _m[i].Scope;
                    var at = _s.Mentions[i].FirstToken;
                    // "Our R&D group": the skill in the team's name names the team.
                    if (at > t && at < team) _m[i].Scope = m with { Agent = true, AgainstCue = m.AgainstCue ?? cue };
                    // "The notifications team uses Spring WebFlux and Project Reactor": the team is the verb's subject, so
                    // its verb of use is theirs; only the candidate as a subject of the clause makes it theirs too.
                    else if (at > team && (!m.Positive || !SaysWhoItIs(clause)) && !m.ByOthers)
                        _m[i].Scope = m with { ByOthers = true, Positive = false, AgainstCue = m.AgainstCue ?? cue };
                }
                break;
            }
        }
    }

    /// <summary>
    /// "Our services run on Kubernetes", "Прод крутится в кубере", "сервис деплоится в Kubernetes": a deployment platform
    /// named as where things run is the environment, not the candidate's use of it (operating it is), unless the candidate
    /// is the clause's subject ("I run our services on Kubernetes") or a word of use says what they did with it. Other
    /// places things run are the candidate's tools ("Spark jobs run on Data Proc", "Workflows run on Temporal").
    /// </summary>
    private void WhereThingsRun()
    {
        for (var k = 0; k < Clauses.Count; k++)
        {
            var clause = Clauses[k];
            if (clause.Mentions.Count == 0 || clause.HasNegative || SaysWhoItIs(clause)) continue;
            var cue = clause.Cues.FirstOrDefault(c => c.Kind == CueKind.Hosting);
            if (cue.Kind != CueKind.Hosting) continue;
            foreach (var i in clause.Mentions)
                if (_s.Mentions[i].FirstToken >= cue.EndToken && _matcher?.IsDeploymentPlatform(_s.Mentions[i].Ordinal) == true
                    && _m[i].Scope is { ContextOk: true, Negated: false, Usage: false } m)
                    _m[i].Scope = m with { ByOthers = true, Positive = false, AgainstCue = m.AgainstCue ?? cue };
        }
    }

    /// <summary>
    /// "The ML engineers run it: models trained on Databricks with Spark, tracked in MLflow, orchestrated in Airflow": a
    /// clause that names others as the doers and ends with a colon says whose is what its sentence goes on to list; the
    /// candidate as a subject of a later clause takes it back ("… : I set up Airflow myself").
    /// </summary>
    private void OthersBeforeColon()
    {
        for (var k = 0; k + 1 < Clauses.Count; k++)
        {
            var clause = Clauses[k];
            if (clause.Mentions.Count > 0 && !clause.AllRoles || !clause.HasOthers || clause.HasNegative || SaysWhoItIs(clause)) continue;
            if (clause.End >= _s.Tokens.Count || (_s.Tokens[clause.End].Marks & GapMarks.Colon) == 0) continue;
            var cue = clause.Cues.FirstOrDefault(c => c.Kind == CueKind.Others && c.Value is 0 or 1);
            if (cue.Kind != CueKind.Others) continue;
            for (var j = k + 1; j < Clauses.Count && Clauses[j].Sentence == clause.Sentence; j++)
            {
                if (SaysWhoItIs(Clauses[j])) break;
                foreach (var i in Clauses[j].Mentions)
                    if (_m[i].Scope is { ContextOk: true, ByOthers: false } m)
                        _m[i].Scope = m with { ByOthers = true, Positive = false, AgainstCue = m.AgainstCue ?? cue };
            }
        }
    }

    /// <summary>
    /// "Синтезом речи (TTS) не занималась никогда": a bracketed aside that glosses a skill right after it shares the
    /// skill's denial; an aside with cues of its own ("Python (pytest — немного)") keeps them.
    /// </summary>
    /// <summary>
    /// "a Java deserialization RCE in an old admin panel (I reported it, I don't develop in Java)": a skill denied outright
    /// is denied wherever its sentence names it by the same name without a use of its own (unless a "but" comes between).
    /// </summary>
    private void DenialsHoldInTheirSentence()
    {
        for (var i = 0; i < _m.Length; i++)
        {
            var d = _m[i].Scope;
            if (!d.ContextOk || !d.Negated || !d.DeniedOutright) continue;
            var sentence = _s.SentenceOf(i);
            for (var j = 0; j < _m.Length; j++)
            {
                // The same name: "CAN bus (plain CAN, not CANopen)" denies the variant, not the bus.
                if (j == i || _s.Mentions[j].Entry != _s.Mentions[i].Entry || _s.SentenceOf(j) != sentence) continue;
                var m = _m[j].Scope;
                if (m.Negated || !m.ContextOk) continue;
                // "- Akka: I know the actor model from the BEAM side, but I've never used Akka": the label that opens the
                // line is its topic, and the line's last word on it is the denial.
                var topic = j < i && LabelsTheLine(_s.ClauseOfMention[j]);
                // "Бэкенд у нас пишут на Go, я читаю код, …, но сам на Go не пишу": what was only read gives the "but"
                // nothing to keep.
                var onlyRead = j < i && m.CapCue is { } cap && IsReading(cap) && !m.Positive;
                if (!topic && !onlyRead && (m.Positive || ContrastBetween(_s.Mentions[i].FirstToken, _s.Mentions[j].FirstToken))) continue;
                _m[j].Scope = m with { Negated = true, DeniedOutright = true, AgainstCue = d.AgainstCue, Positive = false };
            }
        }
    }

    /// <summary>
    /// "На курсе в OTUS было несколько занятий по JMeter, я собрала там сценарий, но в реальной работе не применяла",
    /// "GCP: I studied for the exam on Coursera but never ran anything real there": what a course reached, with no use of
    /// its own, is not had when its sentence goes on to deny using anything at work (a denial with a place of work in its
    /// clause, which denies no skill outright) or using it at all (a later clause that is a bare denial: "… на курсе, но не
    /// пользовался").
    /// </summary>
    private void StudiedButNotUsedAtWork()
    {
        for (var i = 0; i < _m.Length; i++)
        {
            var m = _m[i].Scope;
            if (!m.ContextOk || m.Negated || m.Usage || m.Strong > 0 || m.WhereCue is not { Kind: CueKind.Course } course) continue;
            var k = _s.ClauseOfMention[i];
            var sentence = Clauses[k].Sentence;
            for (var j = k; j < Clauses.Count && Clauses[j].Sentence == sentence; j++)
            {
                // A denial of use at work, or a bare one of its own ("MMDetection — в курсе, что это, но не пользовался").
                if (!Clauses[j].HasNegative || Clauses[j].HasOthers) continue;
                if (!HasCue(Clauses[j], CueKind.Commercial) && (j == k || Clauses[j].Mentions.Count > 0 || NamesBetween(k, j))) continue;
                // ("в универе писал на C++ лабы, … в прод на плюсах писать бы не стал": a supposition denies no use.)
                if (Has(Clauses[j], WordKind.Subjunctive)) continue;
                var denial = Clauses[j].Cues.FirstOrDefault(c => IsNegative(c.Kind));
                if (!IsNegative(denial.Kind) || denial.FirstToken < course.FirstToken) continue;
                _m[i].Scope = m with { Negated = true, AgainstCue = denial };
                break;
            }
        }
    }

    /// <summary>
    /// Whether a clause strictly between <paramref name="from"/> and <paramref name="to"/> names a skill: "CNN (на уровне
    /// курсовой), RNN знаю в теории, трансформеры — читала статьи, руками не обучала" denies the last one only.
    /// </summary>
    private bool NamesBetween(int from, int to)
    {
        for (var j = from + 1; j < to; j++)
            if (Clauses[j].Mentions.Count > 0) return true;
        return false;
    }

    /// <summary>
    /// The mention right after "in" ("в", "на"), with another skill named between the cue and it in its clause: "never
    /// used Diesel or any ORM in Rust", "не писала тесты на pytest под Django".
    /// </summary>
    private bool QualifiesAnObject(int index, CueHit cue)
    {
        var first = _s.Mentions[index].FirstToken;
        if (first < 1 || first <= cue.EndToken || _s.Tokens[first - 1].Key is not ("in" or "в" or "на" or "под")) return false;
        var k = _s.ClauseOfMention[index];
        foreach (var j in Clauses[k].Mentions)
            if (j != index && _s.Mentions[j].FirstToken >= cue.EndToken && _s.Mentions[j].EndToken <= first - 1
                && _s.Mentions[j].Ordinal != _s.Mentions[index].Ordinal) return true;
        return false;
    }

    /// <summary>Whether a word of the clause is in the lexicon list <paramref name="kind"/>.</summary>
    private bool Has(Clause clause, WordKind kind)
    {
        for (var t = clause.First; t < clause.End; t++)
            if (_lexicon.Is(kind, _s.Tokens[t].Key)) return true;
        return false;
    }

    /// <summary>
    /// A denial that takes back what its sentence said before it, back to a contrast ("Python знаю хорошо, а Rust
    /// пробовал пару раз — это не опыт" takes back Rust only).
    /// </summary>
    private void TakeBack(int k, CueHit cue)
    {
        var sentence = Clauses[k].Sentence;
        for (var j = k; j >= 0 && Clauses[j].Sentence == sentence; j--)
        {
            foreach (var i in Clauses[j].Mentions)
            {
                if (_s.Mentions[i].FirstToken >= cue.FirstToken || !_m[i].Scope.ContextOk) continue;
                _m[i].Scope = _m[i].Scope with { Negated = true, DeniedOutright = true, Positive = false, AgainstCue = cue };
            }
            if (Clauses[j].Conjunction && j < k) break;
        }
    }

    /// <summary>
    /// "Qlik не работал, Superset тоже", "I never used Vue, Angular either": a clause of names and "тоже"/"too"/"either"
    /// right after a clause whose skills are denied shares the denial.
    /// </summary>
    private void AlsoDenied()
    {
        for (var k = 1; k < Clauses.Count; k++)
        {
            var clause = Clauses[k];
            var previous = Clauses[k - 1];
            if (clause.Mentions.Count == 0 || clause.HasNegative || previous.Sentence != clause.Sentence || previous.Mentions.Count == 0) continue;
            var also = false;
            var bare = true;
            for (var t = clause.First; t < clause.End && bare; t++)
            {
                if (_s.Tokens[t].Key is "тоже" or "too" or "either") also = true;
                else if (_s.Resolved.MentionAt[t] < 0 && !_s.Resolved.ListJoinAt[t]) bare = false;
            }
            if (!also || !bare) continue;
            MentionScope? denial = null;
            foreach (var i in previous.Mentions)
                if (_m[i].Scope is { ContextOk: true, Negated: true } d && (denial is null || d.DeniedOutright)) denial = d;
            if (denial is not { } found) continue;
            foreach (var i in clause.Mentions)
            {
                var m = _m[i].Scope;
                if (!m.ContextOk || m.Negated) continue;
                _m[i].Scope = m with { Negated = true, DeniedOutright = found.DeniedOutright, AgainstCue = found.AgainstCue, Positive = false };
            }
        }
    }

    /// <summary>
    /// "- Akka: …": a bare clause that opens its line and is followed by a colon labels what the line says; under a heading
    /// of gaps, so does one followed by a dash ("- Docker — знаю, что он есть").
    /// </summary>
    private bool LabelsTheLine(int k, bool dash = false) => _s.LabelsNext(k, dash) && _s.OpensLine(k);

    /// <summary>
    /// "never wrote a Metasploit module", "провайдер для Proxmox пробовать не стали": the mention names what an artefact is
    /// for, right before the artefact or after it and "для"/"for".
    /// </summary>
    private bool NamesAnArtefact(int mention)
    {
        var tokens = _s.Tokens;
        var end = _s.Mentions[mention].EndToken;
        if (end < tokens.Count && tokens[end].Before <= Text.Gap.Space && _lexicon.Is(WordKind.Artefact, tokens[end].Key)) return true;
        var first = _s.Mentions[mention].FirstToken;
        return first >= 2 && tokens[first].Before <= Text.Gap.Space && tokens[first - 1].Before <= Text.Gap.Space
               && tokens[first - 1].Key is "для" or "for" && _lexicon.Is(WordKind.Artefact, tokens[first - 2].Key);
    }

    /// <summary>"дальше его подхватывают девопсы", "then the platform team deploys it": others take over what the candidate made.</summary>
    private bool HandsOver(int k) => Has(Clauses[k], WordKind.Handover);

    /// <summary>"сейчас", "now": the clause says what holds now.</summary>
    private bool SaysNow(int k) => Has(Clauses[k], WordKind.Now);

    /// <summary>A word of the clause before the cue that is not a particle: the cue's own object ("миграцию планировал я").</summary>
    private bool ObjectBefore(Clause clause, CueHit cue)
    {
        for (var t = clause.First; t < cue.FirstToken; t++)
            if (!_lexicon.Particles.Contains(_s.Tokens[t].Key) && _s.Tokens[t].Key.Length > 1) return true;
        return false;
    }

    private bool ContrastBetween(int a, int b)
    {
        var (lo, hi) = a < b ? (a, b) : (b, a);
        for (var t = lo + 1; t < hi; t++)
            if (_lexicon.Is(WordKind.Contrast, _s.Tokens[t].Key)) return true;
        return false;
    }

    /// <summary>
    /// "Datadog (в вакансии он есть, но честно: не пользовался ни дня)", "VK Cloud (заводил тестовый аккаунт, по факту не
    /// пользовался)": a bracketed aside that names no skill and ends by denying use denies the skill right before it.
    /// </summary>
    private void AsidesDenyTheirHead()
    {
        for (var k = 1; k < Clauses.Count; k++)
        {
            var c = Clauses[k];
            if (c.Depth == 0 || c.Mentions.Count > 0) continue;
            CueHit? denial = null;
            foreach (var cue in c.Cues)
                if (cue.Kind == CueKind.Negation && cue.Value == 0 && cue.EndToken - cue.FirstToken >= 2) denial = cue;
            if (denial is not { } d) continue;
            // The aside's opening clause; the aside names no skill anywhere.
            var open = k;
            while (open > 0 && Clauses[open - 1].Depth == c.Depth && Clauses[open - 1].Sentence == c.Sentence
                   && (_s.Tokens[Clauses[open].First].Marks & Text.GapMarks.OpenBracket) == 0) open--;
            if (open == 0 || (_s.Tokens[Clauses[open].First].Marks & Text.GapMarks.OpenBracket) == 0) continue;
            var named = false;
            for (var j = open; j < k; j++) named |= Clauses[j].Mentions.Count > 0;
            if (named) continue;
            var head = Clauses[open - 1];
            if (head.Depth >= c.Depth || head.Sentence != c.Sentence || head.Mentions.Count == 0) continue;
            var i = head.Mentions[^1];
            if (_s.Mentions[i].EndToken != Clauses[open].First) continue;
            var m = _m[i].Scope;
            if (!m.ContextOk || m.Negated) continue;
            _m[i].Scope = m with { Negated = true, Positive = false, AgainstCue = d };
        }
    }

    /// <summary>A cue in the clause other than words that join list items.</summary>
    private static bool SaysMore(Clause c)
    {
        foreach (var cue in c.Cues) if (cue.Kind != CueKind.ListJoin) return true;
        return false;
    }

    private void AsidesFollowTheirHead()
    {
        for (var k = 1; k < Clauses.Count; k++)
        {
            var aside = Clauses[k];
            // ("В облаках (Azure и т.п.) не работал": words that only join the items are no cue of the aside's own.)
            if (aside.Depth == 0 || aside.Mentions.Count == 0 || SaysMore(aside) || aside.Mentions[0] == 0) continue;
            var head = aside.Mentions[0] - 1;
            var headClause = Clauses[_s.ClauseOfMention[head]];
            // "Нейросети для рядов (N-BEATS, TFT) — хотелось бы попробовать": the head may have words after it in its clause.
            if (headClause.Sentence != aside.Sentence || headClause.Depth >= aside.Depth || _s.ClauseOfMention[head] != k - 1) continue;
            var denial = _m[head].Scope;
            if (!denial.ContextOk || !denial.Negated) continue;
            // "С брокерами сообщений (Kafka, RabbitMQ) не работала": every item of the aside, not only the first.
            for (var a = k; a < Clauses.Count && Clauses[a].Sentence == aside.Sentence && Clauses[a].Depth == aside.Depth && (a == k || !SaysMore(Clauses[a])); a++)
                foreach (var i in Clauses[a].Mentions)
                    if (!_m[i].Scope.Negated)
                        _m[i].Scope = _m[i].Scope with { Negated = true, DeniedOutright = denial.DeniedOutright, AgainstCue = denial.AgainstCue };
        }
    }

    /// <summary>
    /// "Мой бот написан на aiogram", "my pet project is written in Rust": the candidate's own possessive before a cue
    /// that names the doer or the code ("are written in", "the data team") keeps the work theirs. ("I can read the jobs
    /// that were written in Scala" is not: the code is someone else's.)
    /// </summary>
    private bool SaidAsOwn(int k, CueHit cue)
    {
        var tokens = _s.Tokens;
        for (var t = Clauses[k].First; t < cue.FirstToken; t++)
            if (_lexicon.Is(WordKind.OwnPossessive, tokens[t].Key)) return true;
        // "written together with the platform team", "вместе с платформенной командой": work done with them is shared.
        var before = cue.FirstToken - Clauses[k].First;
        if (before >= 1 && tokens[cue.FirstToken - 1].Key is "with" or "с" or "со"
            && (before < 2 || _lexicon.Is(WordKind.Together, tokens[cue.FirstToken - 2].Key) || tokens[cue.FirstToken - 1].Key == "with"))
            return true;
        return false;
    }

    /// <summary>
    /// "our two computer vision researchers do", "наши ML-инженеры обучают модели": a skill naming the trade of the
    /// candidate's colleagues (a possessive, perhaps a number, the skill, a role noun in the plural) names who does the
    /// work, not a skill of the candidate's.
    /// </summary>
    private void Colleagues()
    {
        var tokens = _s.Tokens;
        for (var i = 0; i < _m.Length; i++)
        {
            if (NamesAnotherTeam(i))
            {
                _m[i].Scope = _m[i].Scope with { Agent = true };
                continue;
            }
            if (!_m[i].Scope.Role) continue;
            var mention = _s.Mentions[i];
            if (mention.EndToken >= tokens.Count || !IsPlural(tokens[mention.EndToken].Key)) continue;
            var t = mention.FirstToken - 1;
            if (t >= 0 && (tokens[t].Is(Text.TokenFlags.Number) || _s.Resolved.Cues.Any(c => c.Kind == CueKind.NumberWord && c.EndToken == t + 1))) t--;
            if (t >= 0 && _lexicon.Is(WordKind.Possessive, tokens[t].Key))
                _m[i].Scope = _m[i].Scope with { Agent = true };
        }
    }

    /// <summary>
    /// "отдаю команде MLOps", "это зона MLOps-команды", "the DevOps team deploys": a skill naming a team other than the
    /// candidate's. "в команде MLOps", "in our data team", "my team" are the candidate's own.
    /// </summary>
    private bool NamesAnotherTeam(int i)
    {
        var tokens = _s.Tokens;
        var mention = _s.Mentions[i];
        var before = mention.FirstToken - 1;
        if (before >= 0 && _lexicon.Is(WordKind.Team, tokens[before].Key))
            return !(before >= 1 && _lexicon.Is(WordKind.OwnTeam, tokens[before - 1].Key)) && tokens[mention.FirstToken].Before < Text.Gap.Clause;
        // "MLOps-команды" joined, "DevOps team" apart; "ревьюю код команды" is the team's code, not a team.
        var after = mention.EndToken;
        if (after < tokens.Count && _lexicon.Is(WordKind.Team, tokens[after].Key)
            && (tokens[after].Before == Text.Gap.Joined || tokens[after].Before <= Text.Gap.Space && !tokens[after].Is(Text.TokenFlags.Cyrillic)))
        {
            var lead = before >= 0 ? tokens[before].Key : "";
            return !_lexicon.Is(WordKind.OwnTeam, lead);
        }
        return false;
    }

    /// <summary>"researchers", "инженеры", "аналитиков": a role noun in the plural.</summary>
    private static bool IsPlural(string key) =>
        key.EndsWith('s') || key.EndsWith("ы", StringComparison.Ordinal) || key.EndsWith("и", StringComparison.Ordinal)
        || key.EndsWith("ов", StringComparison.Ordinal) || key.EndsWith("ам", StringComparison.Ordinal) || key.EndsWith("ами", StringComparison.Ordinal);

    private void ApplyCues()
    {
        for (var k = 0; k < Clauses.Count; k++)
        {
            var clause = Clauses[k];
            var cues = clause.Cues; // indexed, not foreach: an enumerator of the interface is an allocation per clause
            // A clause that denies or gives the work to others ("в работе не использовала", "the web team uses")
            // says nothing positive about the candidate: its other cues are part of that statement.
            if (!clause.HasNegative && !clause.HasOthers)
                for (var i = 0; i < cues.Count; i++)
                    if (cues[i] is var cue && (FamilyOf(cue.Kind) > 1 || cue.Kind == CueKind.Only || cue.Kind == CueKind.Required && !_vacancy)) Apply(k, cue);
            // "можно было бы взять Kafka вместо RabbitMQ": a possibility is no claim, whatever else its clause denies.
            if (clause.HasNegative || clause.HasOthers)
                for (var i = 0; i < cues.Count; i++)
                    if (cues[i] is var cue && cue.Kind == CueKind.Hypothetical) Apply(k, cue);
            for (var i = 0; i < cues.Count; i++)
                if (cues[i] is var cue && cue.Kind == CueKind.Others && (cue.Value < 1 ? !SaidAsOwn(k, cue) : cue.Value >= Segment.DoerBeside || DoerFollows(k, cue))) Apply(k, cue);
            for (var i = 0; i < cues.Count; i++)
                if (cues[i] is var cue && IsNegative(cue.Kind)) Apply(k, cue);
        }
    }

    /// <summary>The value of an others' cue that puts the work before the candidate's time ("before I joined").</summary>
    internal const double BeforeTheirTimeValue = 0.5;

    /// <summary>
    /// The value of a denial said of what its sentence said before it ("Metasploit запускал пару раз — опытом это назвать
    /// нельзя", "I played with it once, I wouldn't call that experience"): it takes back even words of use.
    /// </summary>
    internal const double RetroactiveValue = 2;

    /// <summary>The value of a denial said only of what its clause names before it ("KServe и Ray Serve смотрели").</summary>
    internal const double BackwardValue = 3;

    private void Apply(int k, CueHit cue)
    {
        var clause = Clauses[k];
        var negative = IsNegative(cue.Kind);
        // "…we validate that and retry if it doesn't", "если не получается": a denial in a condition says what might not
        // happen, nothing of the candidate's use.
        if (negative && InCondition(clause, cue)) return;
        if (negative && cue.Value == RetroactiveValue)
        {
            TakeBack(k, cue);
            return;
        }
        // "KServe и Ray Serve смотрели" (value 3): said of what comes before it only ("смотрели NDCG@10" is a metric looked at).
        var backwardOnly = negative && cue.Value == BackwardValue;
        var forwardOnly = negative && cue.Value >= 1 && !backwardOnly;
        // "The streaming side (Kafka and a couple of Flink jobs) is owned by the platform team": a clause that opens with
        // the claim of others' work has its subject before it; the subject's aside names what is theirs.
        // "АБ-тесты запускают и считают продуктовые аналитики": so does a clause that opens with "и" and the verb of a doer
        // beside it ("пайплайны настраивали тоже они" has its own object).
        if (cue.Kind == CueKind.Others && cue.Value >= 1
            && (cue.FirstToken == clause.First || cue.Value >= Segment.DoerBeside && cue.FirstToken == clause.First + 1 && _s.Tokens[clause.First].Key is "и" or "and"))
            // A word of use there is no claim unless the candidate says it is theirs ("… where labs see run statistics is
            // ASP.NET Core + Azure — owned by the web team").
            for (var j = k - 1; j >= 0 && Clauses[j].Sentence == clause.Sentence
                                && !Clauses[j].Cues.Any(c => FamilyOf(c.Kind) > 0 && (c.Kind != CueKind.Usage || SaysWhoItIs(Clauses[j])) || c.Kind == CueKind.Others)
                                && !Clauses[j + 1].Conjunction; j--)
            {
                foreach (var m in Clauses[j].Mentions)
                {
                    Reach(m, cue, k, backwards: true);
                    if (_m[m].Scope.ByOthers && cue.Value < 2) _m[m].Scope = _m[m].Scope with { Positive = false };
                }
                if (Clauses[j].Depth == 0 && (j == 0 || Clauses[j - 1].Sentence != clause.Sentence || Clauses[j - 1].Depth == 0)) break;
            }
        if (clause.Mentions.Count > 0)
        {
            var after = !backwardOnly && GovernsForward(_s, clause, cue, forwardOnly);
            // "AWS знаю только по сертификационному курсу Cloud Practitioner": what "only … a course" speaks of comes before
            // it, whatever the course's name after it.
            if (after && cue.Kind == CueKind.Course && OnlyStudied(k, cue))
                foreach (var m in clause.Mentions)
                    if (_s.Mentions[m].FirstToken < cue.FirstToken) Reach(m, cue, k, backwards: false);
            var before = false;
            // "Деплоем в кубер занимаются девопсы": the doer follows, and what comes before is the work they do.
            var whole = cue.Kind == CueKind.Others && cue.Value >= 1;
            var objectEnd = forwardOnly ? ObjectEnd(clause, cue) : int.MaxValue;
            for (var i = 0; i < clause.Mentions.Count; i++)
            {
                var m = clause.Mentions[i];
                var first = _s.Mentions[m].FirstToken;
                if (first >= objectEnd) break;
                // "Дашборды собраны нашими девопсами по данным из Allure и Jira": what the others' work is made from is no
                // work of theirs.
                if (whole && cue.Value >= Segment.DoerBeside && MadeFrom(first)) continue;
                if (backwardOnly && first >= cue.FirstToken) continue;
                if (whole || (after ? first >= cue.EndToken : !forwardOnly)) { Reach(m, cue, k, backwards: false); before |= !after; }
            }
            if (cue.Kind == CueKind.Only) return;
            // "…, а схемы, запросы и тюнинг медленных запросов — зона DBA": after a dash, the others' claim is on the topic before it.
            // "The portal where labs see run statistics is ASP.NET Core + Azure — owned by the web team": a word of use in
            // the topic before the dash is no claim of the candidate's unless they say it is theirs ("I run …").
            if (whole && k > 0 && (_s.Tokens[clause.First].Marks & Text.GapMarks.Dash) != 0 && Clauses[k - 1].Sentence == clause.Sentence)
                foreach (var m in Clauses[k - 1].Mentions)
                {
                    Reach(m, cue, k, backwards: true);
                    if (_m[m].Scope.ByOthers && cue.Value < 2 && !SaysWhoItIs(Clauses[k - 1])) _m[m].Scope = _m[m].Scope with { Positive = false };
                }
            // "Angular — админку для клиента пилила соседняя команда на Angular": a bare label before the dash is the topic
            // of the others' claim, unless the candidate says it is theirs.
            if (cue.Kind == CueKind.Others && cue.Value < 1 && k > 0 && (_s.Tokens[clause.First].Marks & Text.GapMarks.Dash) != 0
                && Clauses[k - 1].Sentence == clause.Sentence && Clauses[k - 1].Bare && !SaysWhoItIs(clause))
                foreach (var m in Clauses[k - 1].Mentions) Reach(m, cue, k, backwards: true);
            // "Деплоем занимаются девопсы: дальше их пайплайны катят всё в кубер": "their" goes on about the others' work,
            // within the aside the claim was made in ("(приложение писал подрядчик), выгрузка через их REST API" is not), and
            // not into a clause that says what the candidate did ("…, я в его YAML только один раз поправил версию питона").
            if (cue.Kind == CueKind.Others)
                for (var j = k + 1; j < Clauses.Count && Clauses[j].Sentence == clause.Sentence && Clauses[j].HasPronoun && !Clauses[j].Conjunction
                                    && Clauses[j].Depth >= clause.Depth && !Clauses[j].Cues.Any(c => FamilyOf(c.Kind) > 1) && !SaysWhoItIs(Clauses[j]); j++)
                    foreach (var m in Clauses[j].Mentions) Reach(m, cue, k, backwards: false);
            // "Администрированием СУБД занимается наш сисадмин, как и бэкапами": the others' work goes on in a clause that
            // adds to it ("как и", "а также", "as well as") and says nothing of its own.
            if (cue.Kind == CueKind.Others && cue.Value >= 1)
                for (var j = k + 1; j < Clauses.Count && Clauses[j].Sentence == clause.Sentence && AddsToTheLast(Clauses[j])
                                    && !Clauses[j].Cues.Any(c => FamilyOf(c.Kind) > 0); j++)
                    foreach (var m in Clauses[j].Mentions) Reach(m, cue, k, backwards: false);
            if (after)
            {
                for (var j = k + 1; j < Clauses.Count; j++)
                {
                    var next = Clauses[j];
                    if (next.Sentence != clause.Sentence || next.Conjunction || !next.Bare) break;
                    // "В основном CV и NLP, например YOLO, ResNet": the depth is said of the head, not of its examples.
                    if (cue.Kind == CueKind.Strong && StartsExamples(next)) break;
                    foreach (var m in next.Mentions) Reach(m, cue, k, backwards: false);
                }
            }
            // ("Логи — Loki + Promtail, с ELK не связывались": a skill after a preposition is the denial's own object, not
            // the last item of the list before it.)
            else if (before && negative && !AfterPreposition(clause))
            {
                for (var j = k - 1; j >= 0; j--)
                {
                    var previous = Clauses[j];
                    if (previous.Sentence != clause.Sentence || Clauses[j + 1].Conjunction || !previous.Bare || ClosedList(previous)) break;
                    foreach (var m in previous.Mentions) Reach(m, cue, k, backwards: true);
                }
            }
            // "Хочу разобраться со speech LLM — моделями, где энкодер стыкуется с языковой моделью": a sentence that opens
            // with a wish is a wish to its end, whatever its first clause names.
            if (cue.Kind == CueKind.Intent && after && IsHead(k)) SpreadForward(k, cue);
            if (clause.HasPronoun && (negative || cue.Kind == CueKind.Others && !OnlyPlacePronouns(clause))) ReachBack(k, cue, crossSentence: false);
            else if (!forwardOnly && cue.Kind != CueKind.Others) ReachTopic(k, cue);
            return;
        }
        if (cue.Kind == CueKind.Only || forwardOnly && !IsHead(k)) return;
        // "CI у нас в GitLab CI, пайплайны настраивали тоже они": a clause whose doer is people with an object of its own
        // before the verb is about that object, unless it points back ("Kafka — её настраивают девопсы").
        // "…отправляю события в AppMetrica, а воронки и когорты в ней строят продакты": a pronoun after a preposition is
        // where the others work, not what they do.
        if (cue.Kind == CueKind.Others && cue.Value >= 2 && (!clause.HasPronoun || OnlyPlacePronouns(clause)) && HasWordsBefore(clause, cue.FirstToken)) return;

        // "Next.js — только туториал проходил", "Vanessa Automation — только видела доклад на Инфостарте": a denial that
        // opens what a dash says of a bare label is said of the label, whatever words follow it.
        // A short "only read" has an object of its own ("ClickHouse — только читаю витрины аналитиков"): it takes three words
        // of knowing without using ("только видела доклад") to speak of the label, or a course as where it was seen
        // ("Kotlin — видел на курсе").
        if (negative && (cue.Kind == CueKind.Negation || cue.Kind == CueKind.NoExperience && (cue.EndToken - cue.FirstToken >= 3 || HasCue(clause, CueKind.Course)))
            && !clause.BarePredicate && !clause.HasPronoun && cue.FirstToken == clause.First && k > 0
            && Clauses[k - 1].Sentence == clause.Sentence && Clauses[k - 1].Bare && (_s.Tokens[clause.First].Marks & Text.GapMarks.Dash) != 0)
        {
            for (var j = k - 1; j >= 0 && Clauses[j].Sentence == clause.Sentence && Clauses[j].Bare && !Clauses[j + 1].Conjunction; j--)
                foreach (var m in Clauses[j].Mentions) Reach(m, cue, k, backwards: true);
            return;
        }
        // A denial with an object of its own ("серьёзную оптимизацию уже не потяну", "can't name it") is about that,
        // unless the object is a pronoun pointing back ("Flink — только читал про него и смотрел пару докладов").
        if (negative && cue.Kind != CueKind.Intent && !clause.BarePredicate && !clause.HasPronoun) return;
        // "the score starts the conversation, it doesn't end it": a bare "not" denies the verb after it, and a verb that is
        // no cue of use ("end") says nothing of the skill before ("we don't run it" does: "run" is a cue).
        if (negative && clause.HasPronoun && !clause.BarePredicate && DeniesAnotherVerb(clause, cue)) return;
        // "Zustand + TanStack Query, миграцию планировал я": a plan with its object before it is a plan carried out, not
        // a wish for what came before ("What I'd like to learn next: Go" still wishes for what follows).
        // "Chef и Puppet в компаниях, где я работал, …": a clause of place or time says where or when, not what was used.
        if (!negative && _lexicon.Is(WordKind.PlaceOpener, _s.Tokens[clause.First].Key)) return;
        var ownObject = cue.Kind == CueKind.Intent && ObjectBefore(clause, cue);
        // "…and we shipped it without a freeze": a denial that speaks only forward reaches back through a pronoun only when
        // the pronoun is its object ("без неё", "without it").
        if (forwardOnly && !PronounAfter(clause, cue.EndToken - 1)) return;
        if (!ownObject && ReachBack(k, cue, crossSentence: clause.HasPronoun && negative || FollowsTopicSentence(k))) return;
        if (clause.HasPronoun || !IsHead(k)) return;
        // "mostly with the red pandas — … given my Python level": a depth word with an object of its own is about that.
        if (cue.Kind == CueKind.Strong && !clause.BarePredicate) return;

        SpreadForward(k, cue);
    }

    /// <summary>
    /// From a cue at the head of its sentence over the skills of the clauses after it: "Хочу в команду, где ML —
    /// основной продукт" is a wish to the sentence's end; a denial reaches bare list items only.
    /// </summary>
    private void SpreadForward(int k, CueHit cue)
    {
        var clause = Clauses[k];
        var negative = IsNegative(cue.Kind);
        var family = FamilyOf(cue.Kind);
        var wish = cue.Kind == CueKind.Intent;
        for (var j = k + 1; j < Clauses.Count; j++)
        {
            var next = Clauses[j];
            if (next.Sentence != clause.Sentence || next.Conjunction) break;
            if (next.Mentions.Count == 0) continue;
            if (negative && !wish && !next.Bare) break;
            // "Хочу расти в MLOps, сейчас использую Docker": the wish ends where the candidate speaks of their own use.
            if (wish && (HasFamily(next, 3) || HasFamily(next, 4) || HasFamily(next, 5))) break;
            // "В планах разобраться с Orleans: трекинг машин сейчас сделан на SignalR + Redis": what holds now is no wish.
            if (wish && SaysNow(j)) break;
            if (!negative && HasFamily(next, family)) break;
            foreach (var m in next.Mentions) Reach(m, cue, k, backwards: false);
        }
    }

    /// <summary>
    /// "…the platform team owns all IaC; I work with them on requirements", "…целиком у SRE, я только пишу им в тикет": a
    /// pronoun for people (after "with", "to", "for"; "им", "с ними") points at the others named, not at their tools.
    /// </summary>
    private bool PointsAtPeople(Clause c)
    {
        var any = false;
        foreach (var cue in c.Cues)
        {
            if (cue.Kind != CueKind.Pronoun) continue;
            any = true;
            var key = _s.Tokens[cue.FirstToken].Key;
            var before = cue.FirstToken > c.First ? _s.Tokens[cue.FirstToken - 1].Key : "";
            var people = key == "them" && before is "with" or "to" or "for" or "from"
                         || key == "им" || key is "ними" or "ним" && before is "с" or "к" && cue.EndToken - cue.FirstToken == 1;
            if (!people) return false;
        }
        return any;
    }

    /// <summary>Every pronoun of the clause follows a preposition of place ("в ней", "на них"): a place, not an object ("written in it" is a language).</summary>
    private bool OnlyPlacePronouns(Clause c)
    {
        foreach (var cue in c.Cues)
            if (cue.Kind == CueKind.Pronoun && (cue.EndToken - cue.FirstToken > 1 || cue.FirstToken == c.First
                                                || _s.Tokens[cue.FirstToken - 1].Key is not ("в" or "во" or "на" or "из")))
                return false;
        return true;
    }

    /// <summary>
    /// A one-word "not" ("doesn't", "isn't", "не") said of something other than the candidate and followed by a word that
    /// is no particle, pronoun or cue: the denial is of that verb, not of using what the pronoun points at.
    /// </summary>
    private bool DeniesAnotherVerb(Clause c, CueHit cue)
    {
        var phrase = cue.Cue.Phrase;
        if (phrase is not ("not" or "don't" or "doesn't" or "didn't" or "isn't" or "aren't" or "wasn't" or "weren't" or "won't" or "can't" or "не"))
            return false;
        // "I don't administer it", "я его не трогал": the candidate's own verb denies their use whatever the verb.
        for (var t = c.First; t < cue.FirstToken; t++)
            if (_lexicon.Is(WordKind.FirstPerson, _s.Tokens[t].Key)) return false;
        for (var t = cue.EndToken; t < c.End; t++)
        {
            var key = _s.Tokens[t].Key;
            if (_lexicon.Particles.Contains(key) || key.Length <= 1) continue;
            foreach (var other in c.Cues)
                if (t >= other.FirstToken && t < other.EndToken) return false;
            return _s.Resolved.MentionAt[t] < 0;
        }
        return false;
    }

    /// <summary>A word before the token in its clause that is no particle or list word: the clause's own object or subject.</summary>
    private bool HasWordsBefore(Clause c, int token)
    {
        for (var t = c.First; t < token; t++)
            if (!_s.Resolved.ListJoinAt[t] && !_lexicon.Particles.Contains(_s.Tokens[t].Key)) return true;
        return false;
    }

    /// <summary>"как и бэкапами", "а также бэкапы", "as well as the backups": a clause that adds to what the last one said.</summary>
    private bool AddsToTheLast(Clause c)
    {
        if (c.End - c.First < 3) return false;
        var (a, b) = (_s.Tokens[c.First].Key, _s.Tokens[c.First + 1].Key);
        return a == "как" && b == "и" || a == "а" && b == "также" || a == "as" && b == "well" && _s.Tokens[c.First + 2].Key == "as";
    }

    /// <summary>Words between a preposition of denial and its object: "без опыта работы с Kubernetes".</summary>
    private const int ObjectReach = 3;

    /// <summary>
    /// "Вместо Jenkins используем GitLab CI", "без Docker и Kubernetes": a denying preposition governs its object — the
    /// skills right after it and the list they start — not the rest of the clause. Returns the first token past it.
    /// </summary>
    private int ObjectEnd(Clause clause, CueHit cue)
    {
        // "We evaluated it for the portal and stayed with REST": a pronoun is the object; what follows is not.
        foreach (var c in clause.Cues)
            if (c.Kind == CueKind.Pronoun && c.FirstToken == cue.EndToken) return cue.EndToken;
        var end = cue.EndToken;
        var reach = ObjectReach;
        foreach (var m in clause.Mentions)
        {
            var mention = _s.Mentions[m];
            if (mention.FirstToken < cue.EndToken) continue;
            if (mention.FirstToken - end > reach) return end == cue.EndToken ? int.MaxValue : end;
            for (var t = end; t < mention.FirstToken && end > cue.EndToken; t++)
                if (!_s.Resolved.ListJoinAt[t]) return end;
            end = mention.EndToken;
            reach = 2;
        }
        return end == cue.EndToken ? int.MaxValue : end;
    }

    /// <summary>
    /// "pgx и sqlx, ORM у нас не используем": a list closed by a conjunction before its last item is complete, so a
    /// denial after it is about what follows, not about the list.
    /// </summary>
    private bool ClosedList(Clause clause)
    {
        if (clause.Mentions.Count < 2) return false;
        var last = _s.Mentions[clause.Mentions[^1]].FirstToken;
        return last > clause.First && _lexicon.Is(WordKind.ClosingConjunction, _s.Tokens[last - 1].Key);
    }

    /// <summary>
    /// "Python: pandas … at the level of the bootcamp", "Node.js — на уровне конфигов и BFF на Express": what follows
    /// a colon or dash after a bare name describes that name too.
    /// </summary>
    private void ReachTopic(int k, CueHit cue)
    {
        if (k == 0 || (_s.Tokens[Clauses[k].First].Marks & (Text.GapMarks.Colon | Text.GapMarks.Dash)) == 0) return;
        var topic = Clauses[k - 1];
        if (topic.Sentence != Clauses[k].Sentence || !topic.Bare || topic.Depth != Clauses[k].Depth) return;
        foreach (var m in topic.Mentions) Reach(m, cue, k, backwards: true);
    }

    /// <summary>
    /// Whether a cue inside a clause with skills governs those after it ("ClickHouse и немного Greenplum") or those
    /// before it ("Rust знаком по книге … на STM32"): the nearer side wins, after on a tie.
    /// </summary>
    internal static bool GovernsForward(Segmented s, Clause clause, CueHit cue, bool forwardOnly)
    {
        int before = int.MaxValue, after = int.MaxValue;
        foreach (var i in clause.Mentions)
        {
            var m = s.Mentions[i];
            if (m.FirstToken >= cue.EndToken) after = Math.Min(after, m.FirstToken - cue.EndToken);
            else if (m.EndToken <= cue.FirstToken) before = Math.Min(before, cue.FirstToken - m.EndToken);
        }
        if (after == int.MaxValue) return false;
        return forwardOnly || after <= before;
    }

    /// <summary>No clause before <paramref name="k"/> in its sentence names a skill.</summary>
    private bool IsHead(int k)
    {
        for (var j = k - 1; j >= 0 && Clauses[j].Sentence == Clauses[k].Sentence; j--)
            if (Clauses[j].Mentions.Count > 0) return false;
        return true;
    }

    /// <summary>
    /// "Кубернетес. Честно — почти не работал": a sentence that is nothing but a skill's name is a topic, and what the
    /// next sentence opens with says how the candidate stands with it.
    /// </summary>
    private bool FollowsTopicSentence(int k)
    {
        if (!IsHead(k)) return false;
        var sentence = Clauses[k].Sentence;
        var first = FirstOfSentence(k);
        if (first == 0) return false;
        var topic = Clauses[first - 1];
        if (topic.Sentence != sentence - 1 || topic.Paragraph != Clauses[k].Paragraph || !topic.Bare || topic.Mentions.Count != 1 || topic.Depth != 0)
            return false;
        return first - 2 < 0 || Clauses[first - 2].Sentence != topic.Sentence;
    }

    /// <summary>Applies a cue to the nearest earlier clause with skills; returns whether one was found.</summary>
    private bool ReachBack(int k, CueHit cue, bool crossSentence)
    {
        var clause = Clauses[k];
        for (var j = k - 1; j >= 0; j--)
        {
            var previous = Clauses[j];
            if (previous.Sentence != clause.Sentence)
            {
                // "Causal inference … . I've only read about them": the pronoun reaches the sentence before.
                if (!crossSentence || previous.Sentence != clause.Sentence - 1 || previous.Paragraph != clause.Paragraph) return false;
                var any = false;
                for (var i = j; i >= 0 && Clauses[i].Sentence == previous.Sentence; i--)
                    foreach (var m in Clauses[i].Mentions) { Reach(m, cue, k, backwards: true); any = true; }
                return any;
            }
            // "Кафку поднимали через Strimzi, но топики и схемы — на продуктовых командах": the others' part ends at "но".
            // ("…, но его администрировали их люди": a pronoun carries it across.)
            if (cue.Kind == CueKind.Others && Clauses[j + 1].Conjunction && !clause.HasPronoun) return false;
            // "FastAPI в Docker-образе, который я собираю сама; дальше в кубер его выкатывают MLOps-ребята": a relative clause
            // that says the candidate makes it stands between; the others' part starts after it.
            if (cue.Kind == CueKind.Others && OpensWithSubordinate(previous) && SaysWhoItIs(previous)) return false;
            // "Веб-фреймворки (Django, FastAPI) не трогала": a denial of a head that names no skill reaches the examples in
            // its brackets.
            if (IsNegative(cue.Kind) && previous.Depth > clause.Depth && previous.Mentions.Count > 0 && !SaysMore(previous))
            {
                var head = j;
                while (head >= 0 && Clauses[head].Sentence == clause.Sentence && Clauses[head].Depth > clause.Depth) head--;
                if (head >= 0 && Clauses[head].Sentence == clause.Sentence && Clauses[head].Mentions.Count == 0 && head == HeadOf(head))
                {
                    for (var a = head + 1; a <= j; a++)
                        foreach (var m in Clauses[a].Mentions) Reach(m, cue, k, backwards: true);
                    return true;
                }
            }
            if (previous.Mentions.Count == 0 || previous.Depth > clause.Depth) continue;
            // "Debezium-коннекторы, которые стримят изменения из постгри, настраивала платформенная команда": the others'
            // work is the head the relative clause describes, not what the relative clause names.
            if (cue.Kind == CueKind.Others && j > 0 && Clauses[j - 1].Sentence == clause.Sentence && OpensWithSubordinate(previous)) continue;
            // "Кубер и Airflow — это зона ML-инженеров, сам я с ними не работал": "с ними" is not the engineers.
            if (previous.AllRoles && clause.HasPronoun) continue;
            foreach (var m in previous.Mentions) Reach(m, cue, k, backwards: true);
            // "Go: I did the Tour of Go once but never shipped anything in it": the topic before the colon too.
            if (j > 0 && (_s.Tokens[previous.First].Marks & (Text.GapMarks.Colon | Text.GapMarks.Dash)) != 0
                && Clauses[j - 1].Sentence == previous.Sentence && Clauses[j - 1].Bare)
                foreach (var m in Clauses[j - 1].Mentions) Reach(m, cue, k, backwards: true);
            // "MongoDB, ClickHouse — не использовал": a denial reaches the whole bare list before it.
            for (var i = j - 1; IsNegative(cue.Kind) && previous.Bare && i >= 0; i--)
            {
                if (Clauses[i].Sentence != clause.Sentence || Clauses[i + 1].Conjunction || !Clauses[i].Bare) break;
                foreach (var m in Clauses[i].Mentions) Reach(m, cue, k, backwards: true);
            }
            return true;
        }
        return false;
    }

    /// <summary>
    /// Under a heading of gaps or of others' work, what keeps a mention the candidate's: a depth word, a rating, a place
    /// it was used, or a hedge of how little ("Kubernetes — basic, kubectl only").
    /// </summary>
    private static bool SaysUseOrHowLittle(MentionScope m) =>
        m.Strong > 0 || m.Rating is not null || m.CapCue is { Kind: CueKind.Hedge } || m.WhereCue is not null && m.Where > Where.Course;

    /// <summary>
    /// The clause a bracketed aside belongs to, the clause itself when it is no aside: "Microservice architecture at scale
    /// (dozens of services, service mesh, sagas) is something I've read about".
    /// </summary>
    private int HeadOf(int c)
    {
        var head = c;
        while (head > 0 && Clauses[head].Depth > 0 && Clauses[head - 1].Sentence == Clauses[c].Sentence) head--;
        return head;
    }

    /// <summary>"only for my master's thesis (Keras, a small defect classifier)": a bracketed aside is its clause's.</summary>
    private bool AsideOfWhose(int k)
    {
        var depth = Clauses[k].Depth;
        for (var j = k - 1; depth > 0 && j >= 0 && Clauses[j].Sentence == Clauses[k].Sentence; j--)
            if (Clauses[j].Depth < depth) return SaysWhose(Clauses[j]);
        return false;
    }

    /// <summary>The candidate in any person: "я", "мы", "у нас", "мой", "my", "our", "us".</summary>
    private bool SaysWhose(Clause c)
    {
        for (var t = c.First; t < c.End; t++)
            if (_lexicon.Is(WordKind.FirstPerson, _s.Tokens[t].Key) || _lexicon.Is(WordKind.Candidate, _s.Tokens[t].Key)) return true;
        return false;
    }

    /// <summary>The candidate or their team is the clause's subject: "we publish domain events for them".</summary>
    private bool SaysWhoItIs(Clause c)
    {
        for (var t = c.First; t < c.End; t++)
            if (_lexicon.Is(WordKind.FirstPerson, _s.Tokens[t].Key)) return true;
        return false;
    }

    /// <summary>The clause opens with a relative or subordinating word ("которые", "which").</summary>
    private bool OpensWithSubordinate(Clause c)
    {
        foreach (var cue in _s.Resolved.Cues)
            if (cue.FirstToken == c.First && cue.Kind == CueKind.Subordinate) return true;
        return false;
    }

    /// <summary>The clause opens with a word that introduces examples ("например", "such as").</summary>
    private bool StartsExamples(Clause c)
    {
        foreach (var cue in _s.Resolved.Cues)
            if (cue.FirstToken == c.First && cue.Kind == CueKind.ListJoin && cue.Value >= 1) return true;
        return false;
    }

    /// <summary>
    /// "только на курсе", "only a Coursera course": "only" right before a course (at most three words between) says the
    /// skill was learnt and no more. A thesis or a diploma is work of its own.
    /// </summary>
    private bool OnlyStudied(int k, CueHit course)
    {
        if (_lexicon.Is(WordKind.StudyWork, _s.Tokens[course.FirstToken].Key)) return false;
        // "Нейронки делал только на курсе": what was done in a course is study, not nothing ("знаю только по курсу" is
        // knowing, not doing).
        foreach (var cue in Clauses[k].Cues)
            if (cue.Kind == CueKind.Usage && cue.EndToken <= course.FirstToken && !_lexicon.Is(WordKind.Knowing, _s.Tokens[cue.FirstToken].Key)) return false;
        foreach (var cue in Clauses[k].Cues)
            if (cue.Kind == CueKind.Only && cue.EndToken <= course.FirstToken && course.FirstToken - cue.EndToken <= 3)
            {
                // "MongoDB — только учебный проект на курсе": a study project is something built.
                for (var t = cue.EndToken; t <= course.EndToken && t < _s.Tokens.Count; t++)
                    if (_lexicon.Is(WordKind.StudyWork, _s.Tokens[t].Key)) return false;
                return true;
            }
        return false;
    }

    /// <summary>
    /// "проходил курс на Stepik", "I did a Go course", "completed a DataCamp course": a verb of taking a course beside a
    /// course (not homework, labs or a thesis, which are work), and no word of use anywhere in the sentence.
    /// </summary>
    private bool TookACourse(int k, CueHit course)
    {
        var isCourse = false;
        for (var t = course.FirstToken; t < course.EndToken && !isCourse; t++)
            isCourse = _lexicon.Is(WordKind.CourseName, _s.Tokens[t].Key);
        if (!isCourse) return false;
        var taking = false;
        for (var t = Math.Max(Clauses[k].First, course.FirstToken - 6); t < Math.Min(Clauses[k].End, course.EndToken + 2) && !taking; t++)
            taking = _lexicon.Is(WordKind.CourseTaking, _s.Tokens[t].Key);
        if (!taking) return false;
        // ("— основы, в работе не применяла": a place of use denied is no use.)
        return !UseSaidInSentence(k);
    }

    /// <summary>The first clause of clause <paramref name="k"/>'s sentence.</summary>
    private int FirstOfSentence(int k)
    {
        var first = k;
        while (first > 0 && Clauses[first - 1].Sentence == Clauses[k].Sentence) first--;
        return first;
    }

    /// <summary>A word of use or a place of work anywhere in clause <paramref name="k"/>'s sentence, outside its denials.</summary>
    private bool UseSaidInSentence(int k) => SaysUse(FirstOfSentence(k), Clauses[k].Sentence, c => c.HasNegative);

    /// <summary>A word of use or a place of work in clause <paramref name="from"/> or later ones of its sentence, skipping some.</summary>
    private bool SaysUse(int from, int sentence, Func<Clause, bool> skip)
    {
        for (var j = from; j < Clauses.Count && Clauses[j].Sentence == sentence; j++)
        {
            if (skip(Clauses[j])) continue;
            foreach (var c in Clauses[j].Cues)
                if (c.Kind is CueKind.Usage or CueKind.Commercial or CueKind.Project) return true;
        }
        return false;
    }

    /// <summary>"I can read", "могу прочитать" with no word of doing anywhere in the sentence.</summary>
    private bool ReadsOnly(int k, CueHit cue)
    {
        if (!_lexicon.Is(WordKind.ReadsOnly, cue.Cue.Phrase.ToLowerInvariant())) return false;
        var sentence = Clauses[k].Sentence;
        // "I can read a Helm values file to change an env variable, but I wouldn't claim I know Kubernetes", "…, но сам на
        // Go не пишу": a denial after a contrast is the sentence's last word on it, whatever was done while reading.
        if (DeniedAfterContrast(k, sentence)) return true;
        // What the candidate goes on to say they did with it, in this clause or the ones after it (not others' doing).
        if (SaysUse(k, sentence, c => c.HasOthers)) return false;
        return !SaysDoing(k);
    }

    /// <summary>A verb of doing ("patched", "правлю") in clause <paramref name="k"/> or a later one of its sentence, not others' and not denied.</summary>
    private bool SaysDoing(int k)
    {
        var sentence = Clauses[k].Sentence;
        for (var j = k; j < Clauses.Count && Clauses[j].Sentence == sentence; j++)
        {
            if (Clauses[j].HasOthers || Clauses[j].HasNegative) continue;
            for (var t = Clauses[j].First; t < Clauses[j].End; t++)
                if (_lexicon.Is(WordKind.Changing, _s.Tokens[t].Key)) return true;
        }
        return false;
    }

    /// <summary>The mention is in a bare clause right before clause <paramref name="k"/> of its sentence: "Objective-C — I can read it".</summary>
    private bool TopicOf(int index, int k) =>
        k > 0 && _s.ClauseOfMention[index] == k - 1 && Clauses[k - 1].Bare && Clauses[k - 1].Sentence == Clauses[k].Sentence;

    /// <summary>
    /// A clause after clause <paramref name="k"/> in its sentence, past a contrast, that denies what was read: it names
    /// a skill read (or points back with a pronoun) and denies it ("but I've never written a Swift app", "but I have never
    /// written it professionally"), takes the sentence back ("but I wouldn't call that experience") or says next to nothing
    /// was done ("but I wouldn't call it a skill"). A denial of something
    /// else ("but I wouldn't start anything new in it", "но архитектуры не придумываю") leaves what was done standing.
    /// </summary>
    private bool DeniedAfterContrast(int k, int sentence)
    {
        var contrast = false;
        for (var j = k + 1; j < Clauses.Count && Clauses[j].Sentence == sentence; j++)
        {
            contrast |= ContrastBetween(Clauses[j - 1].End - 1, Clauses[j].First + 1);
            if (!contrast || Clauses[j].HasOthers) continue;
            foreach (var c in Clauses[j].Cues)
            {
                // "but I wouldn't call it a skill": next to nothing, said of what was read.
                if (c.Kind == CueKind.Hedge && c.Value <= LevelModel.HardlyCap) return true;
                if (!IsNegative(c.Kind)) continue;
                if (c.Kind == CueKind.Negation && c.Value == RetroactiveValue) return true;
                if (Clauses[j].HasPronoun) return true;
                foreach (var m in Clauses[j].Mentions)
                    if (ReadIn(k, _s.Mentions[m].Ordinal)) return true;
            }
        }
        return false;
    }

    /// <summary>The skill is named in clause <paramref name="k"/>, which reads it, or in the bare topic right before it.</summary>
    private bool ReadIn(int k, int skill)
    {
        for (var j = Math.Max(0, k - 1); j <= k; j++)
            foreach (var m in Clauses[j].Mentions)
                if (_s.Mentions[m].Ordinal == skill && (j == k || TopicOf(m, k))) return true;
        return false;
    }

    /// <summary>
    /// A word of depth ("глубоко", "in depth") in the denial's clause, with the skill between the two ("глубоко ClickHouse
    /// не знаю", "I don't know Kafka in depth") or right beside them ("Kafka глубоко не знаю"): the denial is of the depth, a
    /// hedge over those words. ("ML не занимаюсь и в устройство модели глубоко не лезу": the depth is the model's.)
    /// </summary>
    private CueHit? DepthDenied(int k, CueHit cue, int index)
    {
        var mention = _s.Mentions[index];
        for (var t = Clauses[k].First; t < Clauses[k].End; t++)
        {
            if (t >= cue.FirstToken && t < cue.EndToken || !_lexicon.Is(WordKind.Degree, _s.Tokens[t].Key)) continue;
            var (first, end) = (Math.Min(t, cue.FirstToken), Math.Max(t + 1, cue.EndToken));
            if (mention.FirstToken >= first && mention.EndToken <= end || mention.EndToken == first || mention.FirstToken == end)
                return new CueHit(new Cue(CueKind.Hedge, LevelModel.NotInDepthCap, cue.Cue.Phrase), Math.Min(first, mention.FirstToken), Math.Max(end, mention.EndToken));
        }
        return null;
    }

    /// <summary>A pronoun cue ("it", "его") or a demonstrative ("that", "этот") at token <paramref name="token"/> of the clause.</summary>
    private bool PronounAt(Clause c, int token)
    {
        if (token < c.End && _lexicon.Is(WordKind.Demonstrative, _s.Tokens[token].Key)) return true;
        foreach (var cue in c.Cues)
            if (cue.Kind == CueKind.Pronoun && cue.FirstToken == token) return true;
        return false;
    }

    /// <summary>A pronoun cue ("it", "them", "его") after token <paramref name="after"/> in the clause.</summary>
    private bool PronounAfter(Clause c, int after)
    {
        foreach (var cue in c.Cues)
            if (cue.Kind == CueKind.Pronoun && cue.FirstToken > after) return true;
        return false;
    }

    /// <summary>A word of condition ("if", "если") at most three words before the cue in its clause, with no first person between.</summary>
    private bool InCondition(Clause c, CueHit cue)
    {
        for (var t = cue.FirstToken - 1; t >= c.First && t >= cue.FirstToken - 3; t--)
        {
            var key = _s.Tokens[t].Key;
            if (_lexicon.Is(WordKind.FirstPerson, key)) return false;
            if (_lexicon.Is(WordKind.Conditional, key)) return true;
        }
        return false;
    }

    /// <summary>A human language ("Английский — читаю документацию"): reading it is having it.</summary>
    private bool ReadingIsTheSkill(int index) => _matcher?.ReadingIsTheSkill(_s.Mentions[index].Ordinal) == true;

    /// <summary>A hedge of reading: "читаю", "I can read".</summary>
    private bool IsReading(CueHit cue) => cue.Kind == CueKind.Hedge && cue.Cue.Phrase.ToLowerInvariant() is var phrase
                                          && (_lexicon.Is(WordKind.Reading, phrase) || _lexicon.Is(WordKind.ReadsOnly, phrase));

    /// <summary>A list after "из"/"from" ("по данным из Allure и Jira", "pulled from Jira and Confluence").</summary>
    private bool MadeFrom(int first)
    {
        for (var t = first - 1; t >= 0 && (_s.Resolved.MentionAt[t] >= 0 || _s.Resolved.ListJoinAt[t]); t--)
            if (_s.Tokens[t].Key is "из" or "from") return true;
        return false;
    }

    /// <summary>The clause's first skill follows a preposition ("с ELK", "with Kafka").</summary>
    private bool AfterPreposition(Clause c)
    {
        if (c.Mentions.Count == 0) return false;
        var first = _s.Mentions[c.Mentions[0]].FirstToken;
        return first > c.First && _s.Tokens[first - 1].Key is "с" or "со" or "with";
    }

    private static bool HasCue(Clause c, CueKind kind)
    {
        foreach (var cue in c.Cues) if (cue.Kind == kind) return true;
        return false;
    }

    private static bool HasFamily(Clause c, int family)
    {
        foreach (var cue in c.Cues) if (FamilyOf(cue.Kind) == family) return true;
        return false;
    }

    private void Reach(int index, CueHit cue, int fromClause, bool backwards)
    {
        var b = _m[index];
        var m = b.Scope;
        if (!m.ContextOk) return;
        // "Level design is done by game designers … - I built some of those editor windows": what a later clause says the
        // candidate did is about its own object, not about another's work named before it ("Terraform is written by our
        // DevOps, but I edit it" points back with its pronoun, and stands).
        // ("хранимки писали разработчики, я их только деплоил", "I only edit the comments around them": "only" keeps the
        // candidate's part to what it names.)
        if (backwards && m.ByOthers && _s.ClauseOfMention[index] != fromClause && FamilyOf(cue.Kind) > 1
            && (!Clauses[fromClause].HasPronoun || PointsAtPeople(Clauses[fromClause]) || HasCue(Clauses[fromClause], CueKind.Only))) return;
        // "I've never used Diesel or any ORM in Rust": a skill after "in" that follows the denial's own object says where
        // that object would be; it is not denied itself, and not claimed either ("didn't like the idea of IaC in
        // TypeScript").
        if (!backwards && cue.Kind == CueKind.Negation && !ReadingIsTheSkill(index) && QualifiesAnObject(index, cue))
        {
            b.Scope = m with { Hypothetical = true, AgainstCue = m.AgainstCue ?? cue };
            return;
        }
        switch (cue.Kind)
        {
            case CueKind.Intent when cue.Value >= 1:
                // "хочу углубиться именно в Python": wanting more of a skill is no claim of it and no denial either.
                b.Scope = m with { Wished = true, AgainstCue = m.AgainstCue ?? cue };
                return;
            case CueKind.NoExperience when ReadingIsTheSkill(index):
                // "Английский — B2+, читаю статьи без проблем": reading about things in a language is using it.
                b.Scope = m with { Usage = true };
                break;
            case CueKind.Negation or CueKind.NoExperience or CueKind.Intent:
                // "Vue — писала на нём тестовое, в работе не использовала": the later negation only qualifies.
                // ("Kotlin — видел на курсе": the course is where it was only seen, no use said apart from the denial.)
                if (backwards && _s.ClauseOfMention[index] != fromClause && m.Positive
                    && !(cue.Kind == CueKind.NoExperience && m.WhereCue is { Kind: CueKind.Course } seen && Clauses[fromClause].Cues.Contains(seen))) return;
                // "never wrote a Metasploit module" denies writing the module: no claim of the tool, no denial of it either.
                if (NamesAnArtefact(index))
                {
                    b.Scope = m with { Wished = true, AgainstCue = m.AgainstCue ?? cue };
                    return;
                }
                // "но глубоко ClickHouse не знаю", "I don't know Kafka in depth": a denial of depth says how little, not
                // that there was none.
                if (cue.Kind != CueKind.Intent && !m.Negated && _s.ClauseOfMention[index] == fromClause && DepthDenied(fromClause, cue, index) is { } depth)
                {
                    b.Scope = m with { Cap = Math.Min(m.Cap, LevelModel.NotInDepthCap), CapCue = depth, Strong = 0 };
                    return;
                }
                // "В прод нейронки не деплоил" denies production use, not the skill; "Сейчас с MS SQL не работаю" denies
                // present use only.
                b.Scope = m with
                {
                    Negated = true,
                    // "I only reviewed the Helm values for the injector, I don't operate it": a denial that reaches back
                    // through a pronoun is only as sure as its antecedent, so it does not outweigh use said elsewhere.
                    DeniedOutright = m.DeniedOutright || !HasFamily(Clauses[fromClause], 3) && !SaysNow(fromClause)
                                     && !(backwards && Clauses[fromClause].HasPronoun && _s.ClauseOfMention[index] != fromClause),
                    AgainstCue = cue,
                };
                return;
            case CueKind.Course when TookACourse(fromClause, cue) && m.WhereCue is null or { Kind: CueKind.Course }
                                     && (_s.ClauseOfMention[index] == fromClause || TopicOf(index, fromClause))
                                     && (_s.Mentions[index].FirstToken < cue.FirstToken || _s.Mentions[index].FirstToken - cue.EndToken <= 2):
                // "Python проходила на курсе на Stepik", "I did a Go course last year": taking a course on it is all that is
                // said; use said elsewhere still stands.
                b.Scope = m with { Negated = true, AgainstCue = cue };
                return;
            case CueKind.Course when OnlyStudied(fromClause, cue) && m.WhereCue is null or { Kind: CueKind.Course }
                                     && _s.ClauseOfMention[index] <= fromClause && !AfterBesides(_s.Mentions[index].FirstToken):
                // "TensorFlow только в универе", "Reinforcement learning: only a Coursera course years ago": learnt and
                // never used; a thesis is work of its own ("only for my master's thesis" stays), and so is what the
                // clauses after it say was done there ("только на курсе: там делали GAN-ы").
                b.Scope = m with { Negated = true, DeniedOutright = true, AgainstCue = cue };
                return;
            case CueKind.Course:
                // A course caps the level only when nothing better is said of where it was used (see Level).
                b.Scope = SetWhere(m, Where.Course, cue);
                break;
            case CueKind.Hedge when !m.Positive && !ReadingIsTheSkill(index) && ReadsOnly(fromClause, cue)
                                    && (_s.ClauseOfMention[index] == fromClause || TopicOf(index, fromClause)):
                // "I can read PySpark", "Objective-C — I can read it to understand the legacy module": reading someone's
                // code is no use of the language, unless the sentence says what was done with it ("… and patched two jobs").
                b.Scope = m with { Negated = true, AgainstCue = cue };
                return;
            case CueKind.Hedge or CueKind.Past:
                if (cue.Value < m.Cap) b.Scope = m with { Cap = cue.Value, CapCue = cue };
                // "Android-версию пишет отдельная команда, иногда заглядываю в их код": how often they look says nothing
                // of the skill being theirs.
                if (m.ByOthers) return;
                // "Go читаю, не пишу": reading is no claim of use, so a denial after it in the sentence still reaches it
                // ("Java — читаю и правлю баги, новый код на Java не пишу": fixing is).
                if (IsReading(cue) && !ReadingIsTheSkill(index) && !SaysDoing(fromClause)) return;
                break;
            case CueKind.Hypothetical:
                // "можно попробовать A/B тесты": a possibility, not something done; it counts only with use said elsewhere.
                b.Scope = m with { Hypothetical = true, AgainstCue = m.AgainstCue ?? cue };
                return;
            case CueKind.Others when cue.Value == BeforeTheirTimeValue:
                b.Scope = m with { BeforeTheirTime = true, AgainstCue = m.AgainstCue ?? cue };
                return;
            case CueKind.Others when backwards && _s.ClauseOfMention[index] != fromClause && HandsOver(fromClause):
                // "Собираю docker-образ, дальше его подхватывают девопсы и раскатывают в Kubernetes": what they take over
                // was the candidate's before them.
                return;
            case CueKind.Others:
                // "У заказчика был OpenShift, но его администрировали их люди": pointed at, it is theirs, whatever else is said.
                // ("писал первую версию, сейчас его ведёт бэкенд-команда": handed over now, what the candidate did stands.)
                if (cue.Value is >= 1 and < Segment.DoerBeside && _s.ClauseOfMention[index] == fromClause && _s.Mentions[index].FirstToken >= cue.EndToken
                    || backwards && Clauses[fromClause].HasPronoun && _s.ClauseOfMention[index] != fromClause && !SaysNow(fromClause) && !HandsOver(fromClause))
                    b.Scope = m with { Agent = true, AgainstCue = cue };
                // ("VPN — на работе WireGuard поднимали старшие": where it was is no use of the candidate's own.)
                else b.Scope = m with { ByOthers = true, AgainstCue = m.AgainstCue ?? cue, Positive = m.Positive && (m.Usage || m.WhereCue is not { Kind: CueKind.Commercial } || _s.ClauseOfMention[index] != fromClause && SaysNow(fromClause)) };
                return;
            case CueKind.Commercial:
                b.Scope = SetWhere(m, Where.Commercial, cue);
                // (The same, with the place of work after the doer.)
                if (m.ByOthers && !m.Usage) return;
                break;
            case CueKind.Project:
                b.Scope = SetWhere(m, Where.Project, cue);
                break;
            case CueKind.Research:
                b.Scope = SetWhere(m, Where.Research, cue);
                break;
            case CueKind.Strong:
                b.Scope = m with { Strong = m.Strong + cue.Value };
                (b.StrongCues ??= []).Add(cue);
                break;
            case CueKind.Usage:
                b.Scope = m with { Usage = true };
                break;
            case CueKind.Required:
                // "позиции, где нужен сильный DL": about a job, not the candidate.
                if (cue.Value >= 1) b.Scope = m with { Wished = true, AgainstCue = m.AgainstCue ?? cue };
                return;
            case CueKind.Only:
                // "Только Python" says it is their one language; "мы только выдали GPU-ноды" says nothing of their own use.
                if (!IsExclusive(fromClause, cue)) return;
                b.Scope = m with { Exclusive = true, Strong = m.Strong + LevelModel.ExclusiveBoost };
                (b.StrongCues ??= []).Add(cue);
                break;
            default:
                return;
        }
        b.Scope = b.Scope with { Positive = true };
    }

    /// <summary>
    /// The strongest where wins; between two cues of paid work, one that says it was a previous job ("до этого … в
    /// аутсорсе"). A course beats a previous job, which only says when it was ("Before that I did Andrew Ng's deep
    /// learning specialization, which was in TensorFlow/Keras").
    /// </summary>
    private static MentionScope SetWhere(MentionScope m, Where where, CueHit cue)
    {
        if (m.WhereCue is not { } had) return m with { Where = where, WhereCue = cue };
        if (where == Where.Course && had is { Kind: CueKind.Commercial, Value: >= 1 }) return m with { Where = where, WhereCue = cue };
        if (m.Where == Where.Course && cue is { Kind: CueKind.Commercial, Value: >= 1 }) return m;
        return m.Where > where || m.Where == where && !(cue.Kind == CueKind.Commercial && cue.Value > had.Value)
            ? m : m with { Where = where, WhereCue = cue };
    }

    /// <summary>"Только Python", "PyTorch only.": the clause is the cue and one skill, nothing else.</summary>
    private bool IsExclusive(int k, CueHit cue)
    {
        var c = Clauses[k];
        if (c.Mentions.Count != 1) return false;
        var m = _s.Mentions[c.Mentions[0]];
        if (cue.EndToken != m.FirstToken && cue.FirstToken != m.EndToken) return false;
        for (var t = c.First; t < c.End; t++)
        {
            if (t >= m.FirstToken && t < m.EndToken || t >= cue.FirstToken && t < cue.EndToken) continue;
            if (!Segmented.IsVersionLike(_s.Tokens[t])) return false;
        }
        return true;
    }
}
