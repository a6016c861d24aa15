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
    private const int MaxEvidencePerSkill = 20;
    private const int MaxQuote = 200;

    public SkillExtractor(SkillTaxonomy taxonomy)
    {
        Taxonomy = taxonomy;
        Matcher = new SkillMatcher(taxonomy);
        _ = Cues.Phrases;
    }

    public SkillTaxonomy Taxonomy { get; }

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

        var analyses = Sections.Split(questionnaire).Select(s => SectionAnalysis.Run(s, Matcher)).ToList();
        var (skills, denied) = Aggregate(analyses);
        if (skills.Count == 0)
            return ExtractionResult.Fail(ExtractionFailure.NoSkills,
                "No skill of the taxonomy is named in the answers (skills named only in the questions do not count).");
        var experience = CollectExperience(analyses);
        // A skill the candidate denies is not implied either: "I haven't done any machine learning" stays true even
        // when linear regression (under machine learning) is named.
        var composed = SkillVector.Compose(Taxonomy, skills.Concat(denied.Select(id => new ProfileSkill(id, 0, SkillSource.Mentioned, []))));
        return ExtractionResult.Ok(new ExtractedProfile(verdict.Language!, composed, experience, denied));
    }

    private (List<ProfileSkill> Skills, List<string> Denied) Aggregate(List<SectionAnalysis> analyses)
    {
        var bySkill = new Dictionary<int, List<(SectionAnalysis A, MentionState M)>>();
        var negated = new HashSet<int>();
        var denied = new HashSet<int>();
        foreach (var a in analyses)
            foreach (var m in a.Mentions)
            {
                if (m.Disclaimed) denied.Add(m.Candidate.Ordinal);
                if (m.ContextOk && m.Negated) negated.Add(m.Candidate.Ordinal);
                if (!m.Counts) continue;
                if (!bySkill.TryGetValue(m.Candidate.Ordinal, out var list)) bySkill[m.Candidate.Ordinal] = list = [];
                list.Add((a, m));
            }

        // Denied in one place, named in another: it stands only where the candidate says they used it
        // ("Часть джобов написана на Scala, но Scala я не знаю" has no Scala).
        foreach (var ordinal in negated.Concat(denied))
            if (bySkill.TryGetValue(ordinal, out var list) && !list.Exists(x => x.A.IsOwnUse(x.M)))
                bySkill.Remove(ordinal);
        var deniedIds = denied.Where(o => !bySkill.ContainsKey(o)).Select(o => Taxonomy[o].Id).ToList();

        // "Только Python": no other skill of its kind (a sibling under the same parent, as R and C are under
        // programming languages) from an alias that needed context to count. Only siblings: "только файнтюн" says
        // nothing about A/B tests, though both sit in the ML category.
        var exclusive = new HashSet<int>();
        foreach (var (ordinal, list) in bySkill)
            if (list.Exists(x => x.M.Exclusive))
                foreach (var parent in Taxonomy.ParentsOf(ordinal)) exclusive.Add(parent);

        var result = new List<ProfileSkill>(bySkill.Count);
        var unhedged = new HashSet<int>();
        foreach (var (ordinal, list) in bySkill)
        {
            var skill = Taxonomy[ordinal];
            if (exclusive.Count > 0 && SharesParent(ordinal, exclusive) && !list.Exists(x => x.M.Exclusive)
                && list.TrueForAll(x => x.M.Candidate.Entry.NeedsContext))
                continue;

            var best = list[0];
            var sentences = new HashSet<(SectionAnalysis, int)>();
            var parts = new HashSet<SectionAnalysis>();
            foreach (var x in list)
            {
                if (x.M.Level > best.M.Level) best = x;
                if (x.M.Hedged) continue;
                sentences.Add((x.A, x.M.Sentence));
                parts.Add(x.A);
            }
            var repeat = best.M.Hedged ? 0 : RepetitionBonus(parts.Count, sentences.Count);
            var level = Math.Round(Math.Clamp(best.M.Level + repeat, 0.1, 1.0), 2);

            var evidence = new List<Evidence>();
            var seen = new HashSet<(int?, int)>();
            foreach (var (a, m) in list)
            {
                if (evidence.Count >= MaxEvidencePerSkill) break;
                var (start, end) = a.EvidenceSpan(m, MaxQuote);
                if (!seen.Add((a.Section.Answer, start))) continue;
                evidence.Add(new Evidence(a.Section.Name, a.Section.Source[start..end], start, end, a.Section.Answer));
            }
            var mentionCount = new HashSet<(SectionAnalysis, int)>(list.Select(x => (x.A, x.M.Sentence))).Count;
            var partCount = new HashSet<SectionAnalysis>(list.Select(x => x.A)).Count;
            result.Add(new ProfileSkill(skill.Id, level, SkillSource.Mentioned, evidence, Reason(best.A, best.M, mentionCount, partCount)));
            if (!best.M.Hedged) unhedged.Add(ordinal);
        }
        return (NoWeakerThanNarrower(result, unhedged), deniedIds);
    }

    /// <summary>
    /// Repetition counts for more when a skill comes back in another answer or entry (named among the tools and again
    /// among the libraries, used at two jobs) than when one answer repeats it: +0.05 per further part, +0.03 per
    /// further sentence of a part already counted (at most 0.09 of those), at most +0.12 in all.
    /// </summary>
    private static double RepetitionBonus(int parts, int sentences)
    {
        if (parts <= 0) return 0;
        var across = 0.05 * (parts - 1);
        var within = Math.Min(0.09, 0.03 * Math.Max(0, sentences - parts));
        return Math.Min(0.12, across + within);
    }

    /// <summary>
    /// A broader skill named in passing ("Из DL torch, sklearn") is never weaker than what the candidate shows of the
    /// narrower skills it includes (YOLO in production is deep learning in production): inference would have given it
    /// that level, and naming it must not lower it. A broader skill the candidate hedges ("в DL я слабоват") keeps
    /// their word.
    /// </summary>
    private List<ProfileSkill> NoWeakerThanNarrower(List<ProfileSkill> skills, HashSet<int> unhedged)
    {
        var byOrdinal = new Dictionary<int, int>(skills.Count);
        for (var i = 0; i < skills.Count; i++) byOrdinal[Taxonomy.OrdinalOf(skills[i].SkillId)] = i;
        // For each broader skill named, its strongest narrower one named (walking up from each, as ancestors are few).
        Dictionary<int, int>? strongest = null;
        foreach (var (ordinal, j) in byOrdinal)
            foreach (var a in Taxonomy.AncestorsOf(ordinal))
            {
                if (!byOrdinal.TryGetValue(a, out var i) || !unhedged.Contains(a) || skills[j].Level <= skills[i].Level) continue;
                strongest ??= [];
                if (!strongest.TryGetValue(i, out var k) || skills[j].Level > skills[k].Level
                    || skills[j].Level == skills[k].Level && string.CompareOrdinal(skills[j].SkillId, skills[k].SkillId) < 0)
                    strongest[i] = j;
            }
        if (strongest is null) return skills;
        var raised = new List<ProfileSkill>(skills);
        foreach (var (i, j) in strongest)
            raised[i] = skills[i] with
            {
                Level = skills[j].Level,
                Reason = $"{skills[i].Reason}; no weaker than {Taxonomy[Taxonomy.OrdinalOf(skills[j].SkillId)].Name}, which it includes",
            };
        return raised;
    }

    private bool SharesParent(int ordinal, HashSet<int> parents)
    {
        foreach (var p in Taxonomy.ParentsOf(ordinal))
            if (parents.Contains(p)) return true;
        return false;
    }

    private static string Reason(SectionAnalysis a, MentionState m, int mentions, int sections)
    {
        var parts = new List<string>(5);
        var org = a.Section.Experience?.Organization;
        // "был опыт в студенчестве с mysql" under a question about work: the hedge is the story, not "used at work".
        var whereFromQuestion = m.WhereCue is null && a.Section.Experience is null;
        if (!(m.Hedged && whereFromQuestion)) parts.Add(m.Where switch
        {
            Where.Commercial when m.WhereCue is null && org is not null => $"commercial experience at {org}",
            Where.Commercial when m.WhereCue is { } c => $"used at work ('{a.Quote(c)}')",
            Where.Commercial => "used at work",
            Where.Internship => org is null ? "internship" : $"internship at {org}",
            Where.Research when m.WhereCue is null && org is not null => $"research at {org}",
            Where.Research => "research",
            Where.Project => "own project",
            Where.List => "listed among the tools used",
            Where.Familiar => "named as familiar",
            Where.Course => m.WhereCue is { } c ? $"studied ('{a.Quote(c)}')" : "studied in a course",
            _ => "mentioned",
        });
        if (m.Rating is { } r) parts.Add($"self-rated {r.Value.ToString(CultureInfo.InvariantCulture)}/{r.Scale.ToString(CultureInfo.InvariantCulture)}");
        if (m.StrongCues is { Count: > 0 })
            parts.Add(string.Join(", ", m.StrongCues.Take(3).Select(c => $"'{a.Quote(c)}'").Distinct()));
        if (m.Years > 0) parts.Add(m.Years >= 1 ? $"{m.Years.ToString("0.#", CultureInfo.InvariantCulture)} years" : "under a year");
        if (m.Size) parts.Add("with a stated data size");
        if (m.Hedged && m.CapCue is { } cap && cap.Kind != CueKind.Course) parts.Add($"hedged: '{a.Quote(cap)}'");
        if (m.Exclusive) parts.Add("the only one of its kind named");
        if (mentions > 1) parts.Add(sections > 1 ? $"mentioned {mentions}× in {sections} parts" : $"mentioned {mentions}×");
        return string.Join("; ", parts);
    }

    private static List<Experience> CollectExperience(List<SectionAnalysis> analyses)
    {
        var found = new List<Experience>();
        var seen = new HashSet<Section>();
        foreach (var a in analyses)
        {
            if (a.Section.Experience is { } e && seen.Add(a.Section)) found.Add(e);
            Experiences.FromSentences(a.Section.Source, a.Tokens, 0, a.Tokens.Count, found);
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
        var analyses = Sections.Split(Questionnaire.Markdown(description)).Select(s => SectionAnalysis.Run(s, Matcher, vacancy: true)).ToList();

        var structured = false;
        var blockModes = new Dictionary<SectionAnalysis, CueKind?>();
        foreach (var a in analyses)
        {
            var mode = ModeOf(a.Section.Title);
            blockModes[a] = mode;
            structured |= mode is CueKind.Required;
            foreach (var cue in a.CueHits) structured |= cue.Kind is CueKind.Required;
        }

        var merged = new Dictionary<int, (bool Required, double Weight, double MinLevel, List<Evidence> Evidence, int Order)>();
        var order = 0;
        foreach (var a in analyses)
        {
            foreach (var m in a.Mentions)
            {
                if (!m.Counts) continue;
                var sentence = SentenceCues(a, m.Sentence);
                var mode = sentence.Mode ?? blockModes[a];
                if (mode == CueKind.Offer) continue;
                var (required, weight) = mode switch
                {
                    CueKind.Required => (true, 1.0),
                    CueKind.Nice => (false, 0.5),
                    CueKind.Duties => (false, 0.75),
                    _ => structured ? (false, 0.5) : (true, 1.0),
                };
                var minLevel = sentence.Level ?? (m.Hedged ? 0.25 : 0.5);
                if (m.Years >= 5) minLevel = Math.Max(minLevel, 0.85);
                else if (m.Years >= 3) minLevel = Math.Max(minLevel, 0.75);

                var (start, end) = a.EvidenceSpan(m, MaxQuote);
                var evidence = new Evidence(a.Section.Name, a.Section.Source[start..end], start, end);
                var ordinal = m.Candidate.Ordinal;
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

    private static CueKind? ModeOf(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return null;
        var tokens = Text.Tokenizer.Tokenize(title);
        var hits = new List<CueHit>();
        Cues.Find(tokens, 0, tokens.Count, hits);
        CueKind? mode = null;
        foreach (var h in hits)
            if (h.Kind is CueKind.Nice or CueKind.Offer) return h.Kind;
            else if (h.Kind is CueKind.Required or CueKind.Duties) mode ??= h.Kind;
        return mode;
    }

    private static (CueKind? Mode, double? Level) SentenceCues(SectionAnalysis a, int sentence)
    {
        CueKind? mode = null;
        double? level = null;
        foreach (var cue in a.CueHits)
        {
            var clause = a.Clauses.FindLastIndex(c => c.First <= cue.FirstToken);
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
}
