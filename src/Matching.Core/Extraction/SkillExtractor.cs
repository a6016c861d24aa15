using System.Globalization;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Core.Extraction;

/// <summary>
/// Turns a questionnaire into a profile: sections (questions never yield skills), skill mentions with evidence,
/// negations and hedges scoped to their clause, and a level per skill from where and how it is said, with a short
/// reason. Ancestors are added by <see cref="SkillVector.Compose"/>. Built once per process; immutable and
/// thread-safe.
/// </summary>
public sealed class SkillExtractor : ISkillExtractor
{
    private const int MaxQuote = 200;

    private readonly Aggregate _aggregate;
    private readonly bool _candidateTerms;

    /// <param name="lexicon">The word lists; the shipped ones (<see cref="Lexicon.Default"/>) when not given.</param>
    /// <param name="candidateTerms">
    /// Note the terms that resolve to no skill (<see cref="ExtractedProfile.CandidateTerms"/>); off, they stay empty and
    /// the skills are the same.
    /// </param>
    public SkillExtractor(SkillTaxonomy taxonomy, Lexicon? lexicon = null, bool candidateTerms = true)
    {
        _candidateTerms = candidateTerms;
        Taxonomy = taxonomy;
        Lexicon = lexicon ?? Lexicon.Default;
        Matcher = new SkillMatcher(taxonomy, Lexicon);
        _aggregate = new Aggregate(taxonomy, Lexicon);
    }

    public SkillTaxonomy Taxonomy { get; }

    public Lexicon Lexicon { get; }

    /// <summary>The alias matcher; <see cref="SkillMatcher.Resolve"/> answers free-text terms.</summary>
    public SkillMatcher Matcher { get; }

    public ExtractionResult Extract(Questionnaire questionnaire, string language)
    {
        if (questionnaire is null) return ExtractionResult.Fail(ExtractionFailure.Empty, "No questionnaire was given.");
        var texts = questionnaire.Format == QuestionnaireFormat.Qa
            ? (questionnaire.Answers ?? []).Select(a => a?.Answer ?? "").ToList()
            : [questionnaire.Content ?? ""];
        var verdict = TextChecks.Check(texts, language);
        if (verdict.Failure is { } failure) return new ExtractionResult(null, failure);

        var split = Sections.Split(questionnaire, Lexicon);
        // Entries with years: one that ended while another goes on, or ended later, is an earlier role.
        var latest = split.Where(s => s.Years is not null).Select(s => s.Years!.Value.To ?? int.MaxValue).DefaultIfEmpty(0).Max();
        var scoped = split.Select(s => SectionPipeline.Analyse(s, Matcher, Lexicon)).ToList();
        var sections = new List<SectionResult>(scoped.Count);
        for (var i = 0; i < scoped.Count; i++)
        {
            var s = split[i];
            // "For the last three years I've been the ML platform engineer at … \n\nConcretely:\n- Serving: …": a label
            // that says nothing of its own introduces more of the work the paragraph before it describes.
            // ("Что из технической части я делал сам:" names technology, which says nothing of where either.)
            var introduced = s.Label && (s.Traits & ~SectionTraits.Technical) == SectionTraits.None && i > 0 && split[i - 1].Experience is null
                && SectionPipeline.EndsAboutWork(scoped[i - 1]);
            sections.Add(SectionPipeline.LevelOf(scoped[i], Matcher, Lexicon, s.Years is { To: { } to } && to < latest, introduced));
        }
        var aggregated = ShownDespiteDenial(WithAnswers(_aggregate.Run(sections), AnsweredQuestions.Of(sections, Matcher, Lexicon), Taxonomy), Taxonomy);
        if (aggregated.Skills.Count == 0)
            return ExtractionResult.Fail(ExtractionFailure.NoSkills,
                "No skill of the taxonomy is named in the answers (skills named only in the questions do not count).");
        var experience = CollectExperience(sections);
        // A skill the candidate denies is not implied either: "I haven't done any machine learning" stays true even
        // when linear regression (under machine learning) is named.
        var composed = SkillVector.Compose(Taxonomy,
            aggregated.Skills.Concat(aggregated.Denied.Select(id => new ProfileSkill(id, 0, SkillSource.Mentioned, []))));
        var auto = language is null || string.IsNullOrWhiteSpace(language) || language.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);
        // Judged on the whole text, a questionnaire with any Cyrillic in it may still be Russian behind English tool names.
        var detected = auto && verdict.Language == "en" && HasCyrillic(questionnaire)
            ? TextChecks.Refine(LanguageWords(sections)) ?? verdict.Language
            : verdict.Language!;
        return ExtractionResult.Ok(new ExtractedProfile(detected, composed, experience, aggregated.Denied)
        {
            LazyTrace = aggregated.Traces,
            YearsOfExperience = CareerYears.Of(sections, Matcher, Lexicon),
            CandidateTerms = _candidateTerms ? CandidateTerms.Collect(sections, experience, Taxonomy) : [],
        });
    }

    /// <summary>
    /// Adds what yes/no answers say of the skills their questions name: a yes adds a skill no answer named, a no denies one
    /// no answer claims. A yes that says less of a skill than the narrower ones the profile shows takes what those show,
    /// as a broader skill named beside its tools does; a broad concept (databases) is then left to inference.
    /// </summary>
    private static Aggregated WithAnswers(Aggregated aggregated, List<AnsweredQuestions.Answer> answers, SkillTaxonomy taxonomy)
    {
        if (answers.Count == 0) return aggregated;
        var skills = aggregated.Skills.ToList();
        var denied = aggregated.Denied.ToList();
        var facts = new List<(string Id, string Fact)>();
        foreach (var a in answers)
        {
            var named = skills.FindIndex(s => s.SkillId == a.SkillId);
            // The no stands when the skill's every mention is in that answer: named there without a word of use.
            if (named >= 0 && a is { NamedIn: { } question, Affirmed: null } && skills[named].Evidence.All(e => e.Section == question))
            {
                skills.RemoveAt(named);
                if (!denied.Contains(a.SkillId)) denied.Add(a.SkillId);
                facts.Add((a.SkillId, a.Fact));
                continue;
            }
            if (named >= 0)
            {
                // "Walk us through an A/B test you designed — …" beside "beyond A/B: only a Coursera course": the answer
                // about the skill says more of it than a weaker mention elsewhere.
                if (a.Affirmed is { } more && more.Level > skills[named].Level && !answers.Exists(x => x.SkillId == a.SkillId && x.Affirmed is null))
                {
                    skills[named] = more with { Evidence = [.. more.Evidence, .. skills[named].Evidence] };
                    facts.Add((a.SkillId, a.Fact));
                }
                continue;
            }
            if (a.Affirmed is { } skill)
            {
                if (denied.Contains(a.SkillId) || answers.Exists(x => x.SkillId == a.SkillId && x.Affirmed is null)) continue;
                // The profile may show it already through narrower skills: a yes never lowers it below what those imply.
                var ordinal = taxonomy.OrdinalOf(a.SkillId);
                var implied = skills.Where(s => taxonomy.AncestorsOf(taxonomy.OrdinalOf(s.SkillId)).Contains(ordinal))
                    .Select(s => s.Level).DefaultIfEmpty(0).Max();
                // Asked about and answered, it is the candidate's own word, as a broader skill named beside its tools is;
                // a broad concept ("Есть ли опыт с базами данных? — Да, PostgreSQL") stays what its tools imply.
                var lifted = Math.Round(implied * LevelModel.ParentShare, LevelModel.Decimals);
                if (skill.Level < lifted && taxonomy[ordinal].Umbrella) continue;
                skills.Add(skill.Level >= lifted ? skill : skill with { Level = lifted, Reason = skill.Reason + "; shown by the narrower skills named" });
            }
            else if (!denied.Contains(a.SkillId)) denied.Add(a.SkillId);
            facts.Add((a.SkillId, a.Fact));
        }
        if (facts.Count == 0) return aggregated;
        var traces = aggregated.Traces;
        return new Aggregated(skills, denied, new Lazy<IReadOnlyDictionary<string, IReadOnlyList<TraceStep>>>(() =>
        {
            var merged = traces.Value.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
            foreach (var (id, fact) in facts)
            {
                if (!merged.TryGetValue(id, out var steps)) merged[id] = steps = [];
                steps.Add(new TraceStep("Answers", fact));
            }
            return merged.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<TraceStep>)kv.Value, StringComparer.Ordinal);
        })) { Theirs = aggregated.Theirs };
    }

    /// <summary>
    /// "поднимал им EC2 руками, без всякого IaC" beside "Terraform — основной инструмент": a broader skill denied on one
    /// occasion is still the candidate's when a narrower skill it includes is among their strongest
    /// (<see cref="LevelModel.OutweighsDenial"/>): the denial stops it being named, not being implied by that tool.
    /// </summary>
    private static Aggregated ShownDespiteDenial(Aggregated aggregated, SkillTaxonomy taxonomy)
    {
        if (aggregated.Denied.Count == 0) return aggregated;
        List<(string Id, string Fact)>? facts = null;
        foreach (var id in aggregated.Denied)
        {
            var ordinal = taxonomy.OrdinalOf(id);
            if (ordinal < 0) continue;
            var descendants = taxonomy.DescendantsOf(ordinal);
            foreach (var s in aggregated.Skills)
            {
                // "Docker-образ собирают девопсы, у меня только локальный docker-compose": another's work the candidate never
                // denied is still implied by a narrower skill of their own.
                var theirs = aggregated.Theirs.Contains(id);
                if (!theirs && s.Level < LevelModel.OutweighsDenial || !descendants.Contains(taxonomy.OrdinalOf(s.SkillId))) continue;
                (facts ??= []).Add((id, theirs
                    ? $"named as others' work, but implied by {taxonomy[taxonomy.OrdinalOf(s.SkillId)].Name}, which the candidate has"
                    : $"denied once, but {taxonomy[taxonomy.OrdinalOf(s.SkillId)].Name} ({s.Level:0.##}) is among the strongest skills: implied by it"));
                break;
            }
        }
        if (facts is null) return aggregated;
        var denied = aggregated.Denied.Where(id => !facts.Exists(f => f.Id == id)).ToList();
        var traces = aggregated.Traces;
        return new Aggregated(aggregated.Skills, denied, new Lazy<IReadOnlyDictionary<string, IReadOnlyList<TraceStep>>>(() =>
        {
            var merged = traces.Value.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
            foreach (var (id, fact) in facts)
            {
                if (!merged.TryGetValue(id, out var steps)) merged[id] = steps = [];
                steps.Add(new TraceStep("Aggregate", fact));
            }
            return merged.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<TraceStep>)kv.Value, StringComparer.Ordinal);
        })) { Theirs = aggregated.Theirs };
    }

    private static bool HasCyrillic(Questionnaire q)
    {
        static bool Any(string? s) => s is not null && s.AsSpan().IndexOfAnyInRange('\u0400', '\u04FF') >= 0;
        if (q.Format != QuestionnaireFormat.Qa) return Any(q.Content);
        foreach (var a in q.Answers ?? [])
            if (Any(a?.Question) || Any(a?.Answer)) return true;
        return false;
    }

    /// <summary>What the language is judged by: the answers' words other than skill names, and the questions.</summary>
    private static List<string> LanguageWords(List<SectionResult> sections)
    {
        var words = new List<string>(sections.Count + 1);
        var text = new System.Text.StringBuilder();
        var questions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in sections)
        {
            var mentionAt = a.Segmented.Resolved.MentionAt;
            for (var t = 0; t < a.Tokens.Count; t++)
                if (mentionAt[t] < 0) text.Append(a.Section.Source, a.Tokens[t].Start, a.Tokens[t].Length).Append(' ');
            if (!string.IsNullOrWhiteSpace(a.Section.Name) && a.Section.Experience is null && questions.Add(a.Section.Name))
                words.Add(a.Section.Name);
        }
        words.Add(text.ToString());
        return words;
    }

    private List<Experience> CollectExperience(List<SectionResult> sections)
    {
        var found = new List<Experience>();
        var seen = new HashSet<Section>();
        foreach (var a in sections)
        {
            if (a.Section.Experience is { } e && seen.Add(a.Section)) found.Add(e);
            Experiences.FromSentences(a.Section.Source, a.Tokens, 0, a.Tokens.Count, found, Lexicon);
        }
        var result = new List<Experience>(found.Count);
        foreach (var e in found)
        {
            if (string.IsNullOrWhiteSpace(e.Organization)) continue;
            var same = result.FindIndex(x => string.Equals(x.Organization, e.Organization, StringComparison.OrdinalIgnoreCase));
            if (same < 0) result.Add(e);
            else if (result[same].Role is null && e.Role is not null) result[same] = e;
        }
        return result;
    }

    /// <summary>
    /// Reads a vacancy text into requirements with the same matcher: required or a plus from the wording of the
    /// sentence or of the block it is in ("Требования:", "Будет плюсом:", "Nice to have"), the level asked for from
    /// "3+ years", "глубокое знание", "basic", and negations respected ("Java не требуется"). Skills named under
    /// "we offer" are not requirements.
    /// </summary>
    public IReadOnlyList<ExtractedRequirement> ExtractRequirements(string description)
    {
        if (string.IsNullOrWhiteSpace(description)) return [];
        var analyses = Sections.Split(Questionnaire.Markdown(description), Lexicon).Select(s => SectionPipeline.Run(s, Matcher, Lexicon, vacancy: true)).ToList();

        var structured = false;
        var blockModes = new Dictionary<SectionResult, CueKind?>();
        foreach (var a in analyses)
        {
            var mode = ModeOf(a.Section.Title, Lexicon);
            blockModes[a] = mode;
            structured |= mode is CueKind.Required;
            foreach (var cue in a.Cues) structured |= cue.Kind is CueKind.Required;
        }

        var merged = new Dictionary<int, (bool Required, double Weight, double MinLevel, List<Evidence> Evidence, int Order)>();
        var order = 0;
        foreach (var a in analyses)
        {
            for (var i = 0; i < a.Mentions.Count; i++)
            {
                var m = a.Scopes[i];
                if (!m.Counts) continue;
                var sentence = SentenceCues(a, a.SentenceOf(i));
                var mode = sentence.Mode ?? blockModes[a];
                if (mode == CueKind.Offer) continue;
                var (required, weight) = mode switch
                {
                    CueKind.Required => (true, 1.0),
                    CueKind.Nice => (false, 0.5),
                    CueKind.Duties => (false, 0.75),
                    _ => structured ? (false, 0.5) : (true, 1.0),
                };
                var minLevel = sentence.Level ?? (a.Levels[i].Hedged ? 0.25 : 0.5);
                if (m.Years >= 5) minLevel = Math.Max(minLevel, 0.85);
                else if (m.Years >= 3) minLevel = Math.Max(minLevel, 0.75);

                var (start, end) = Quotes.Span(a, i, MaxQuote);
                var evidence = new Evidence(a.Section.Name, a.Section.Source[start..end], start, end);
                var ordinal = a.Mentions[i].Ordinal;
                if (merged.TryGetValue(ordinal, out var had))
                {
                    if (!had.Evidence.Exists(e => e.Start == start)) had.Evidence.Add(evidence);
                    merged[ordinal] = (had.Required || required, Math.Max(had.Weight, weight), Math.Max(had.MinLevel, minLevel), had.Evidence, had.Order);
                }
                else merged[ordinal] = (required, weight, minLevel, [evidence], order++);
            }
        }
        return merged
            .OrderByDescending(kv => kv.Value.Required).ThenByDescending(kv => kv.Value.Weight).ThenBy(kv => kv.Value.Order)
            .Select(kv => new ExtractedRequirement(Taxonomy[kv.Key].Id, kv.Value.Required, kv.Value.Weight, kv.Value.MinLevel, kv.Value.Evidence))
            .ToList();
    }

    private static CueKind? ModeOf(string? title, Lexicon lexicon)
    {
        if (string.IsNullOrWhiteSpace(title)) return null;
        var tokens = Text.Tokenizer.Tokenize(title);
        var hits = new List<CueHit>();
        lexicon.Find(tokens, 0, tokens.Count, hits);
        CueKind? mode = null;
        foreach (var h in hits)
            if (h.Kind is CueKind.Nice or CueKind.Offer) return h.Kind;
            else if (h.Kind is CueKind.Required or CueKind.Duties) mode ??= h.Kind;
        return mode;
    }

    private static (CueKind? Mode, double? Level) SentenceCues(SectionResult a, int sentence)
    {
        CueKind? mode = null;
        double? level = null;
        foreach (var cue in a.Cues)
        {
            var clause = LastClauseAtOrBefore(a.Clauses, cue.FirstToken);
            if (clause < 0 || a.Clauses[clause].Sentence != sentence) continue;
            switch (cue.Kind)
            {
                case CueKind.Nice: mode = CueKind.Nice; break;
                case CueKind.Required when mode != CueKind.Nice: mode = CueKind.Required; break;
                case CueKind.HighLevel: level = Math.Max(level ?? 0, cue.Value); break;
                case CueKind.LowLevel when level is null: level = cue.Value; break;
            }
        }
        return (mode, level);
    }

    private static int LastClauseAtOrBefore(IReadOnlyList<Clause> clauses, int token)
    {
        for (var k = clauses.Count - 1; k >= 0; k--)
            if (clauses[k].First <= token) return k;
        return -1;
    }
}
