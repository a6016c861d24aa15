using System.Collections.Frozen;
using System.Globalization;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Core.Extraction;

/// <summary>One step of a skill's trace: which stage decided what.</summary>
public sealed record TraceStep(string Stage, string Fact);

/// <summary>Stage 8 output: the mentioned skills with level, reason and quotes, the denied ones, and a trace per skill.</summary>
/// <param name="Traces">Written on first read: most extractions are stored without anyone reading their trace.</param>
internal sealed record Aggregated(
    IReadOnlyList<ProfileSkill> Skills,
    IReadOnlyList<string> Denied,
    Lazy<IReadOnlyDictionary<string, IReadOnlyList<TraceStep>>> Traces)
{
    /// <summary>The denied skills that are only others' work ("Docker-образ собирают девопсы"): never denied by the candidate.</summary>
    public IReadOnlySet<string> Theirs { get; init; } = FrozenSet<string>.Empty;
}

/// <summary>
/// Folds the sections' mentions into one entry per skill: the best mention's level plus repetition, a skill denied in
/// one place and named in another kept only where the candidate says they used it, "только Python" keeping other
/// ambiguous languages out, and a broader skill never weaker than <see cref="LevelModel.ParentShare"/> of what the
/// candidate shows of the narrower skills it includes. Quotes and the reason come from the trace.
/// </summary>
internal sealed class Aggregate(SkillTaxonomy taxonomy, Lexicon lexicon)
{
    private const int MaxEvidencePerSkill = 20;
    private const int MaxQuote = 200;

    private readonly record struct Hit(SectionResult A, int M)
    {
        public MentionScope Scope => A.Scopes[M];
        public MentionLevel Level => A.Levels[M];
        public SkillMatcher.Candidate Mention => A.Mentions[M];
    }

    public Aggregated Run(IReadOnlyList<SectionResult> sections)
    {
        var bySkill = new Dictionary<int, List<Hit>>();
        // The questionnaire's length: its answers one after another (one section each), or its text.
        var total = 0;
        // Where each answer starts in the questionnaire read as one text.
        var answerStart = new Dictionary<int, int>();
        foreach (var a in sections)
        {
            if (a.Section.Answer is { } n) answerStart.TryAdd(n, total);
            total = a.Section.Answer is not null ? total + a.Section.Source.Length : Math.Max(total, a.Section.Source.Length);
        }
        var negated = new HashSet<int>();
        var denied = new HashSet<int>();
        var deniedInSoManyWords = new HashSet<int>();
        var theirs = new HashSet<int>();
        var own = new HashSet<int>(); // denied by the candidate somewhere
        var traces = new List<(int Ordinal, Func<string> Fact)>(); // aggregation's steps, worded only when the trace is read
        foreach (var a in sections)
            for (var i = 0; i < a.Mentions.Count; i++)
            {
                var m = a.Scopes[i];
                var ordinal = a.Mentions[i].Ordinal;
                if (m.Disclaimed) denied.Add(ordinal);
                // Another's work only ("собирают девопсы"), or denied by the candidate somewhere ("с Docker не работал").
                if (m.Disclaimed && !m.Negated && !m.DeniedInSoManyWords) theirs.Add(ordinal);
                else if (m.ContextOk && (m.Negated || m.Disclaimed)) own.Add(ordinal);
                if (m.DeniedInSoManyWords) deniedInSoManyWords.Add(ordinal);
                if (m.ContextOk && m.Negated) negated.Add(ordinal);
                if (!m.Counts) continue;
                if (!bySkill.TryGetValue(ordinal, out var list)) bySkill[ordinal] = list = [];
                list.Add(new Hit(a, i));
            }

        // Denied in one place, named in another: it stands only where the candidate says they used it
        // ("Часть джобов написана на Scala, но Scala я не знаю" has no Scala).
        // "Кубернетес — почти не работал: сервисы в кубере деплоит платформенная команда": a hedge that strong is no claim
        // of use either.
        // "We had a couple of Kotlin labs at university, but I can't say I know Kotlin": denied outright, a course is no
        // use that outweighs it.
        // "Когда я пришёл, в проекте ещё висел Realm … так что с Realm я толком не работал": when the candidate denies it in
        // so many words, being named in a job's description is no use of it; a cue of their own use keeps it, and so does
        // a list of what they used ("Spring MVC, Hibernate, Oracle").
        foreach (var ordinal in negated.Concat(denied))
            if (bySkill.TryGetValue(ordinal, out var list)
                && !list.Exists(x => (deniedInSoManyWords.Contains(ordinal)
                                         ? x.Scope.Positive || x.A.IsListed(x.M)
                                         : x.A.IsOwnUse(x.M))
                                     && x.Scope.Cap > (deniedInSoManyWords.Contains(ordinal) ? LevelModel.TooLittleAgainstDenial : LevelModel.HardlyCap)
                                     && !(x.Level.Where == Where.Course && denied.Contains(ordinal))))
            {
                bySkill.Remove(ordinal);
                traces.Add((ordinal, () => "denied elsewhere and never said to be used: dropped"));
            }
        var deniedIds = denied.Where(o => !bySkill.ContainsKey(o)).Select(o => taxonomy[o].Id).ToList();

        // "Только Python": no other skill of its kind (a sibling under the same parent, as R and C are under
        // programming languages) from an alias that needed context to count. Only siblings: "только файнтюн" says
        // nothing about A/B tests, though both sit in the ML category.
        // Siblings of its category only: "только PyTorch" (vs TensorFlow) leaves pandas, another Python library.
        var exclusive = new HashSet<(int Parent, string Category)>();
        foreach (var (ordinal, list) in bySkill)
            if (list.Exists(x => x.Scope.Exclusive))
                foreach (var parent in taxonomy.ParentsOf(ordinal)) exclusive.Add((parent, taxonomy[ordinal].Category));

        var result = new List<ProfileSkill>(bySkill.Count);
        var unhedged = new HashSet<int>();
        var firstAt = new Dictionary<int, (double Position, double Bonus)>(bySkill.Count);
        var resultOrdinals = new List<int>(bySkill.Count);
        var leftBehind = new HashSet<int>();
        foreach (var (ordinal, list) in bySkill)
        {
            // ("Только Photon PUN 2" among multiplayer libraries leaves Unity, named three times and used in a pet project.)
            if (exclusive.Count > 0 && SharesParent(ordinal, exclusive) && !list.Exists(x => x.Scope.Exclusive)
                && list.TrueForAll(x => x.Mention.Entry.NeedsContext) && list.Count < 3 && !list.Exists(x => x.Scope.Positive))
            {
                traces.Add((ordinal, () => "another skill of its kind was named as the only one: dropped"));
                continue;
            }

            var best = list[0];
            var first = double.MaxValue;
            var inAnswers = false;
            foreach (var x in list)
            {
                if (x.Level.Level > best.Level.Level) best = x;
                // Where the text first names it; an earlier role's skills are not what the candidate opens with now.
                // A free text's sections share its source, so a mention's offset is its place in the text; a Q&A's
                // answers follow one another.
                if (x.Level.EarlierRole) continue;
                var at = (double)((x.A.Section.Answer is { } n ? answerStart.GetValueOrDefault(n) : 0) + x.Mention.Start) / Math.Max(1, total);
                if (at < first) (first, inAnswers) = (at, x.A.Section.Answers);
            }
            firstAt[ordinal] = (first, inAnswers ? LevelModel.EarlyAnswerBonus : LevelModel.EarlyBonus);
            var (parts, sentences) = Distinct(list, unhedgedOnly: true);
            var repeat = best.Level.Hedged ? 0 : LevelModel.Repetition(parts, sentences);
            var level = Math.Round(LevelModel.Squash(best.Level.Level + repeat), LevelModel.Decimals);
            var (count, bestLevel) = (list.Count, best.Level.Level);
            traces.Add((ordinal, () => $"best of {count} mention(s): {Num(bestLevel)}"
                + (repeat > 0 ? $", +{Num(repeat)} for repetition" : "") + $" = {Num(level)}"));
            // "PHP — раньше, сейчас только читаю легаси": the candidate puts the skill behind them in words of its own;
            // however much it was used then (a past role, the system migrated from), it counts as a tool moved away from.
            var behind = FirstLeftBehind(list);
            if (behind >= 0) leftBehind.Add(ordinal);
            if (behind >= 0 && level > LevelModel.MovedAwayCap)
            {
                best = list[behind];
                level = LevelModel.MovedAwayCap;
                traces.Add((ordinal, () => $"said to be behind the candidate: capped at {Num(LevelModel.MovedAwayCap)}"));
            }

            var evidence = new List<Evidence>(Math.Min(list.Count, MaxEvidencePerSkill));
            foreach (var (a, m) in list)
            {
                if (evidence.Count >= MaxEvidencePerSkill) break;
                var (start, end) = Quotes.Span(a, m, MaxQuote);
                if (evidence.Exists(e => e.Start == start && e.Answer == a.Section.Answer)) continue;
                evidence.Add(new Evidence(a.Section.Name, a.Section.Source[start..end], start, end, a.Section.Answer));
            }
            var (partCount, mentionCount) = Distinct(list, unhedgedOnly: false);
            result.Add(new ProfileSkill(taxonomy[ordinal].Id, level, SkillSource.Mentioned, evidence, Reasons.Write(best.A, best.M, mentionCount, partCount)));
            resultOrdinals.Add(ordinal);
            if (!best.Level.Hedged) unhedged.Add(ordinal);
        }
        CapUnderLeftBehind(result, leftBehind, traces);
        // What is behind the candidate keeps its cap, and so do its frameworks.
        var raisable = unhedged;
        if (leftBehind.Count > 0)
        {
            raisable = new HashSet<int>(unhedged);
            foreach (var s in result)
            {
                var o = taxonomy.OrdinalOf(s.SkillId);
                if (leftBehind.Contains(o) || s.Level <= LevelModel.MovedAwayCap && HasAncestorIn(o, leftBehind)) raisable.Remove(o);
            }
        }
        // A broader skill is lifted by what its narrower ones say themselves; where they stand in the whole text (named early,
        // beside their neighbours) is theirs.
        var ownLevels = result.Select(x => x.Level).ToArray();
        var skills = BelowTheirTools(NoWeakerThanNarrower(Salient(result, resultOrdinals, raisable, firstAt, total, out var salient), ownLevels, unhedged, traces), traces);
        var theirIds = denied.Where(o => !bySkill.ContainsKey(o) && theirs.Contains(o) && !own.Contains(o)).Select(o => taxonomy[o].Id)
            .ToFrozenSet(StringComparer.Ordinal);
        return new Aggregated(skills, deniedIds, new Lazy<IReadOnlyDictionary<string, IReadOnlyList<TraceStep>>>(() =>
        {
            // What the stages decided about each mention first, then what aggregation made of them.
            var all = new Dictionary<int, List<TraceStep>>();
            foreach (var a in sections)
                for (var i = 0; i < a.Mentions.Count; i++) Trace(all, a.Mentions[i].Ordinal, a, i);
            foreach (var (ordinal, fact) in traces) Step(all, ordinal, "Aggregate", fact());
            // Worded here, when the trace is read, rather than a closure per skill at extraction.
            foreach (var f in salient ?? [])
                Step(all, f.Ordinal, "Aggregate", (f.Position >= 0 ? $"first named at {Num(f.Position * 100)}% of the free text" : "not named early in a free text")
                    + (f.Neighbour < 0 ? "" : $", neighbours named: {Num(f.Share * 100)}% of full support (most: {taxonomy[f.Neighbour].Name})")
                    + $": {Num(f.From)} → {Num(f.To)}");
            return all.ToDictionary(kv => taxonomy[kv.Key].Id, kv => (IReadOnlyList<TraceStep>)kv.Value, StringComparer.Ordinal);
        })) { Theirs = theirIds };
    }

    /// <summary>"PHP — раньше …": Laravel, a PHP framework, is behind the candidate with it.</summary>
    private void CapUnderLeftBehind(List<ProfileSkill> result, HashSet<int> leftBehind, List<(int, Func<string>)> traces)
    {
        if (leftBehind.Count == 0) return;
        for (var i = 0; i < result.Count; i++)
        {
            var ordinal = taxonomy.OrdinalOf(result[i].SkillId);
            if (result[i].Level <= LevelModel.MovedAwayCap || leftBehind.Contains(ordinal)) continue;
            var under = -1;
            foreach (var a in taxonomy.AncestorsOf(ordinal))
                if (leftBehind.Contains(a)) { under = a; break; }
            if (under < 0) continue;
            result[i] = result[i] with { Level = LevelModel.MovedAwayCap, Reason = result[i].Reason + $"; {taxonomy[under].Name} is behind the candidate" };
            var name = taxonomy[under].Name;
            traces.Add((ordinal, () => $"{name} is said to be behind the candidate: capped at {Num(LevelModel.MovedAwayCap)}"));
        }
    }

    /// <summary>The first of the hits that is <see cref="LeftBehind(Hit)"/>, −1 when none is.</summary>
    private int FirstLeftBehind(List<Hit> list)
    {
        for (var i = 0; i < list.Count; i++)
            if (LeftBehind(list[i])) return i;
        return -1;
    }

    /// <summary>A mention capped by a "no longer" word in a sentence that goes on to say what holds now.</summary>
    private bool LeftBehind(Hit x)
    {
        if (x.Level.CapCue is not { Kind: CueKind.Past } cue) return false;
        var a = x.A;
        if (!lexicon.Is(WordKind.NoLonger, a.Quote(cue).ToLowerInvariant())) return false;
        var sentence = a.SentenceOf(x.M);
        for (var t = cue.EndToken; t < a.Tokens.Count && a.Clauses[a.Segmented.ClauseOfToken(t)].Sentence == sentence; t++)
            if (lexicon.Is(WordKind.Now, a.Tokens[t].Key)) return true;
        return false;
    }

    /// <summary>How many parts (sections) and sentences the hits are in; lists are short, so no sets.</summary>
    private static (int Parts, int Sentences) Distinct(List<Hit> list, bool unhedgedOnly)
    {
        int parts = 0, sentences = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (unhedgedOnly && list[i].Level.Hedged) continue;
            bool newPart = true, newSentence = true;
            for (var j = 0; j < i && (newPart || newSentence); j++)
            {
                if (unhedgedOnly && list[j].Level.Hedged || !ReferenceEquals(list[j].A, list[i].A)) continue;
                newPart = false;
                if (list[j].A.SentenceOf(list[j].M) == list[i].A.SentenceOf(list[i].M)) newSentence = false;
            }
            if (newPart) parts++;
            if (newSentence) sentences++;
        }
        return (parts, sentences);
    }

    /// <summary>
    /// A broader skill named in passing ("Из DL torch, sklearn") is never much weaker than what the candidate shows of the
    /// narrower skills it includes (YOLO in production is deep learning in production): inference would have given it
    /// that, and naming it must not lower it. A broader skill the candidate hedges ("в DL я слабоват") keeps their word.
    /// </summary>
    private List<ProfileSkill> NoWeakerThanNarrower(List<ProfileSkill> skills, double[] own, HashSet<int> unhedged, List<(int, Func<string>)> traces)
    {
        var byOrdinal = new Dictionary<int, int>(skills.Count);
        for (var i = 0; i < skills.Count; i++) byOrdinal[taxonomy.OrdinalOf(skills[i].SkillId)] = i;
        // For each broader skill named, its strongest narrower one named (walking up from each, as ancestors are few).
        Dictionary<int, int>? strongest = null;
        foreach (var (ordinal, j) in byOrdinal)
            foreach (var a in taxonomy.AncestorsOf(ordinal))
            {
                if (!byOrdinal.TryGetValue(a, out var i) || !unhedged.Contains(a) || Lifted(own[j]) <= skills[i].Level) continue;
                strongest ??= [];
                if (!strongest.TryGetValue(i, out var k) || own[j] > own[k]
                    || own[j] == own[k] && string.CompareOrdinal(skills[j].SkillId, skills[k].SkillId) < 0)
                    strongest[i] = j;
            }
        if (strongest is null) return skills;
        var raised = new List<ProfileSkill>(skills);
        foreach (var (i, j) in strongest)
        {
            var child = taxonomy[taxonomy.OrdinalOf(skills[j].SkillId)].Name;
            var level = Lifted(own[j]);
            raised[i] = skills[i] with { Level = level, Reason = $"{skills[i].Reason}; shown by {child}" };
            var childLevel = own[j];
            traces.Add((taxonomy.OrdinalOf(skills[i].SkillId), () => $"raised to {Num(level)}: shown by {child} at {Num(childLevel)}"));
        }
        return raised;
    }

    /// <summary>
    /// A broad concept ("databases", "deep learning") ranks below the tools and specialities that show it: its level is
    /// <see cref="LevelModel.UmbrellaShare"/> of what it would be. Matching still reaches it through them.
    /// </summary>
    private List<ProfileSkill> BelowTheirTools(List<ProfileSkill> skills, List<(int, Func<string>)> traces)
    {
        for (var i = 0; i < skills.Count; i++)
        {
            var ordinal = taxonomy.OrdinalOf(skills[i].SkillId);
            if (!taxonomy[ordinal].Umbrella) continue;
            var level = Math.Round(Math.Max(LevelModel.Floor, skills[i].Level * LevelModel.UmbrellaShare), LevelModel.Decimals);
            skills[i] = skills[i] with { Level = level, Reason = $"{skills[i].Reason}; a broad concept" };
            traces.Add((ordinal, () => $"a broad concept: {Num(level)}, below the tools that show it"));
        }
        return skills;
    }

    /// <summary>
    /// What the whole questionnaire says of a skill beyond its own mentions: named early (people open with their main
    /// work) and named beside its neighbours in the taxonomy (its parents and related skills, weighed by their levels).
    /// Each adds up to its <see cref="LevelModel"/> constant; a hedged skill keeps its cap and a broad concept its share.
    /// </summary>
    private List<ProfileSkill> Salient(List<ProfileSkill> skills, List<int> ordinals, HashSet<int> unhedged, Dictionary<int, (double Position, double Bonus)> firstAt,
        int total, out List<SalientFact>? salient)
    {
        salient = null;
        if (skills.Count == 0 || total < LevelModel.WholeTextMin) return skills;
        var index = new Dictionary<int, int>(skills.Count);
        for (var i = 0; i < skills.Count; i++) index[ordinals[i]] = i;
        // Support: the levels of the neighbours named, each edge counted once from either end (a child names its parent).
        var support = new double[skills.Count];
        var best = new int[skills.Count];
        Array.Fill(best, -1);
        void Edge(int i, int j)
        {
            if (i == j || taxonomy[ordinals[j]].Umbrella) return;
            support[i] += skills[j].Level;
            if (best[i] < 0 || skills[j].Level > skills[best[i]].Level) best[i] = j;
        }
        // Parent edges are one-way in the taxonomy (seen from the child); related ones are symmetric, so each is taken
        // from its lower end only.
        for (var i = 0; i < skills.Count; i++)
        {
            foreach (var p in taxonomy.ParentsOf(ordinals[i]))
                if (index.TryGetValue(p, out var j)) { Edge(i, j); Edge(j, i); }
            foreach (var r in taxonomy.RelatedOf(ordinals[i]))
                if (index.TryGetValue(r, out var j) && i < j) { Edge(i, j); Edge(j, i); }
        }

        List<SalientFact>? facts = null;
        for (var i = 0; i < skills.Count; i++)
        {
            var ordinal = ordinals[i];
            if (taxonomy[ordinal].Umbrella || !unhedged.Contains(ordinal) || !firstAt.TryGetValue(ordinal, out var first)) continue;
            var at = first.Position;
            var position = Math.Clamp(at, 0, 1);
            var supportShare = Math.Min(1, support[i] / LevelModel.FullSupport);
            var early = at == double.MaxValue ? 0 : first.Bonus * (1 - position);
            var bonus = early + LevelModel.SupportBonus * supportShare;
            var level = Math.Round(LevelModel.Squash(skills[i].Level + bonus), LevelModel.Decimals);
            if (level <= skills[i].Level) continue;
            var reason = skills[i].Reason;
            if (early > 0 && position <= LevelModel.EarlyShare) reason += "; named early on";
            if (supportShare >= LevelModel.SupportedShare && best[i] >= 0) reason += $"; beside {taxonomy[ordinals[best[i]]].Name}";
            (facts ??= []).Add(new SalientFact(ordinal, early > 0 ? position : -1, best[i] >= 0 ? ordinals[best[i]] : -1, supportShare, skills[i].Level, level));
            skills[i] = skills[i] with { Level = level, Reason = reason };
        }
        salient = facts;
        return skills;
    }

    /// <summary>What the whole-text step did to one skill, for its trace.</summary>
    private readonly record struct SalientFact(int Ordinal, double Position, int Neighbour, double Share, double From, double To);

    private bool HasAncestorIn(int ordinal, HashSet<int> set)
    {
        foreach (var a in taxonomy.AncestorsOf(ordinal))
            if (set.Contains(a)) return true;
        return false;
    }

    private static double Lifted(double childLevel) => Math.Round(childLevel * LevelModel.ParentShare, LevelModel.Decimals);

    private bool SharesParent(int ordinal, HashSet<(int Parent, string Category)> parents)
    {
        foreach (var p in taxonomy.ParentsOf(ordinal))
            if (parents.Contains((p, taxonomy[ordinal].Category))) return true;
        return false;
    }

    /// <summary>What each stage decided about one mention.</summary>
    private static void Trace(Dictionary<int, List<TraceStep>> traces, int ordinal, SectionResult a, int i)
    {
        var m = a.Mentions[i];
        var scope = a.Scopes[i];
        var where = string.IsNullOrEmpty(a.Section.Name) ? "the text" : $"'{a.ShortName}'";
        Step(traces, ordinal, "Spot", $"'{a.Section.Source[m.Start..m.End]}' in {where}");
        if (m.Entry.NeedsContext)
            Step(traces, ordinal, "ContextFilter", scope.ContextOk ? $"ambiguous name kept: {a.ContextWhy[i]}" : "ambiguous name without a technical context: not a skill");
        if (!scope.ContextOk) return;
        if (scope.AgainstCue is { } against)
            Step(traces, ordinal, "ScopeCues", $"{Describe(scope)} by '{a.Quote(against)}'");
        if (scope.WhereCue is { } wc) Step(traces, ordinal, "ScopeCues", $"where: {wc.Kind.ToString().ToLowerInvariant()} ('{a.Quote(wc)}')");
        foreach (var c in scope.StrongCues) Step(traces, ordinal, "ScopeCues", $"depth: '{a.Quote(c)}'");
        if (scope.CapCue is { } cap) Step(traces, ordinal, "ScopeCues", $"capped at {Num(cap.Value)} by '{a.Quote(cap)}'");
        if (scope.Counts)
        {
            var l = a.Levels[i];
            Step(traces, ordinal, "Level", $"{l.Where.ToString().ToLowerInvariant()}{(l.WhereFromSection ? " (from the section)" : "")}: {Num(l.Level)}");
        }
    }

    private static string Describe(MentionScope s) => s.AgainstCue?.Kind switch
    {
        CueKind.Intent => "a wish",
        CueKind.NoExperience => "known of, not used",
        CueKind.Course => "only studied, not used",
        CueKind.Hypothetical => "a possibility, not done",
        CueKind.Others when s.BeforeTheirTime => "before the candidate's time",
        CueKind.Others => "someone else's work",
        CueKind.Required => "what a job needs",
        CueKind.Hosting => "named as where things run",
        CueKind.Negation when !s.Negated => "named only as where a denied thing would be",
        _ => s.Negated ? "denied" : "a wish",
    };

    private static void Step(Dictionary<int, List<TraceStep>> traces, int ordinal, string stage, string fact)
    {
        if (!traces.TryGetValue(ordinal, out var list)) traces[ordinal] = list = [];
        if (list.Count < 40) list.Add(new TraceStep(stage, fact));
    }

    internal static string Short(string s, int max = 48)
    {
        s = s.ReplaceLineEndings(" ").Trim();
        if (s.Length <= max) return s;
        var cut = s.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? s[..cut] : s[..(max - 1)]).TrimEnd(',', ' ', ':', ';') + "…";
    }

    private static string Num(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
