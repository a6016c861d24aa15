using System.Globalization;
using System.Text;
using System.Text.Json;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Xunit.Abstractions;

namespace Matching.Core.Tests.Extraction;

/// <summary>
/// Extraction quality on the team's labelled corpus (<c>Corpus/NN-slug.{md,txt,qa.json}</c> with
/// <c>NN-slug.labels.json</c>) against the real taxonomy: recall of the skills a reader finds, precision of what we
/// mention, no trap ever found, every denial respected, strength pairs ordered as the reader orders them, and every
/// quote where its offsets say.
/// <list type="bullet">
/// <item>The labels' <c>present</c> lists include broader skills a reader infers (a CV engineer "has" machine learning
/// even when only YOLO is named), so recall counts a present skill found anywhere in the profile, mentioned or
/// inferred; recall of mentioned skills alone is printed beside it. Precision is over mentioned skills only.</item>
/// <item><c>absent</c> lists words that must not be taken as skills ("deploys are done by our DevOps", "R&amp;D"). A trap
/// hit is an absent skill the profile holds as mentioned (or manual); a broader skill inferred from a child through the
/// taxonomy (Docker ⇒ devops, Greenplum ⇒ data engineering) is not a trap hit.</item>
/// <item><c>negated</c> (a subset of <c>absent</c>) lists the skills the text explicitly denies ("с Kubernetes не
/// работал", "I haven't done any machine learning"): those must not be in the profile at all, not even inferred.</item>
/// </list>
/// </summary>
public sealed class CorpusQualityTests(ITestOutputHelper output)
{
    private const double MinRecall = 0.97;
    private const double MinPrecision = 0.95;

    // Issue 10's bars where the extractor meets them (pairs, core above weaker, 0 trap hits); below them, floors at what
    // it reaches today on the 60 questionnaires (37 written with the code in view, 22 independently of it: files 37–50
    // and 52–59), so that a regression fails and each is raised as the extractor improves. The bar still to reach:
    // core@10 0.9. (Files 52–59, added unseen, brought 17 trap hits; the last, a language named only as what "our
    // services are written in", went with extractor-8.)
    private const double MinPairs = 0.95;
    /// <summary>Share of the labelled core skills among the profile's ten strongest mentioned skills.</summary>
    private const double MinCoreAt10 = 0.84;
    /// <summary>Share of (core, weaker) pairs where the core skill's level is above the weaker one's.</summary>
    private const double MinCoreOverWeaker = 0.95;
    private const int MaxTrapHits = 0;
    private const int MaxDeniedInProfile = 0;

    // The unseen set's floors: what the extractor reaches on it now. First measured, each batch before any fix it brought:
    // files 60–69 recall 0.922, precision 0.872, 12 trap hits, 4 denied kept, core@10 0.746; files 70–79 recall 0.890,
    // precision 0.828, 26 trap hits, 11 denied kept, core@10 0.737; files 80–89 recall 0.902, precision 0.789, 45 trap
    // hits, 12 denied kept, core@10 0.411, core above weaker 0.640; files 90–99 recall 0.879, precision 0.761, 39 trap
    // hits, 17 denied kept, core@10 0.621, core above weaker 0.818; files 120–129 recall 0.904, precision 0.805, 69 trap
    // hits, 18 denied kept, core@10 0.717, core above weaker 0.875; files 130–139 recall 0.929, precision 0.840, 51 trap
    // hits, 18 denied kept, core@10 0.746, core above weaker 0.835; files 140–149 recall 0.887, precision 0.825, 69 trap
    // hits, 22 denied kept, core@10 0.636, core above weaker 0.914; files 150–159 recall 0.894, precision 0.779, 24 trap
    // hits, 11 denied kept, core@10 0.686, core above weaker 0.804; files 160–169 recall 0.920, precision 0.784, 18 trap
    // hits, 7 denied kept, core@10 0.767, core above weaker 0.857; files 170–179 recall 0.939, precision 0.811, 21 trap
    // hits, 13 denied kept, core@10 0.724, core above weaker 0.882; files 180–189 recall 0.913, precision 0.845, 16 trap
    // hits, 6 denied kept, core@10 0.586, core above weaker 0.823; files 190–199 recall 0.932, precision 0.850, 18 trap
    // hits, 10 denied kept, core@10 0.736, core above weaker 0.824; files 200–209 recall 0.939, precision 0.802, 21 trap
    // hits, 5 denied kept, core@10 0.695, core above weaker 0.870; files 210–219 recall 0.941, precision 0.791, 25 trap
    // hits, 19 denied kept, core@10 0.862, core above weaker 0.953; files 220–229 recall 0.932, precision 0.812, 20 trap
    // hits, 7 denied kept, core@10 0.780, core above weaker 0.863; files 230–239 recall 0.919, precision 0.798, 20 trap
    // hits, 9 denied kept, core@10 0.820, core above weaker 0.910; files 240–249 recall 0.939, precision 0.760, 34 trap
    // hits, 21 denied kept, core@10 0.836, core above weaker 0.907; files 250–259 recall 0.923, precision 0.804, 25 trap
    // hits, 10 denied kept, core@10 0.810, core above weaker 0.897; files 260–269 recall 0.934, precision 0.848, 9 trap
    // hits, 5 denied kept, core@10 0.755, core above weaker 0.948; files 270–279 recall 0.873, precision 0.776, 18 trap
    // hits, 8 denied kept, core@10 0.660, core above weaker 0.755; files 280–289 recall 0.927, precision 0.785, 35 trap
    // hits, 13 denied kept, core@10 0.839, core above weaker 0.845; files 290–299 recall 0.928, precision 0.825, 22 trap
    // hits, 8 denied kept, core@10 0.729, core above weaker 0.913; files 300–309 recall 0.915, precision 0.820, 15 trap
    // hits, 5 denied kept, core@10 0.724, core above weaker 0.817; files 310–319 recall 0.928, precision 0.793, 19 trap
    // hits, 9 denied kept, core@10 0.750, core above weaker 0.860; files 320–329 recall 0.921, precision 0.812, 23 trap
    // hits, 9 denied kept, core@10 0.737, core above weaker 0.927; files 330–339 recall 0.896, precision 0.823, 10 trap
    // hits, 5 denied kept, core@10 0.763, core above weaker 0.880; files 340–349 recall 0.901, precision 0.788, 23 trap
    // hits, 9 denied kept, core@10 0.655, core above weaker 0.799; files 350–359 recall 0.871, precision 0.826, 15 trap
    // hits, 7 denied kept, core@10 0.709, core above weaker 0.873; files 360–369 recall 0.894, precision 0.857, 14 trap
    // hits, 6 denied kept, core@10 0.719, core above weaker 0.871; files 370–379 recall 0.911, precision 0.624, 15 trap
    // hits, 6 denied kept, core@10 0.792, core above weaker 0.883; files 380–389 recall 0.897, precision 0.734, 22 trap
    // hits, 16 denied kept, core@10 0.582, core above weaker 0.717; files 390–399 (extractor-14, after the fixes from
    // 60–389) recall 0.888, precision 0.686, 18 trap hits, 15 denied kept, core@10 0.611, core above weaker 0.788.
    private const double UnseenMinRecall = 0.94;
    private const double UnseenMinPrecision = 0.84;
    private const int UnseenMaxTrapHits = 392;
    private const int UnseenMaxDeniedInProfile = 153;
    private const double UnseenMinCoreAt10 = 0.75;

    /// <param name="Core">The 4–6 skills a recruiter names first for this candidate.</param>
    /// <param name="Weaker">2–4 skills the candidate clearly has but clearly weaker than every core one.</param>
    private sealed record Labels(string? Language, List<string> Present, List<string> Absent, List<List<string>> Stronger,
        List<string>? Negated = null, List<string>? Core = null, List<string>? Weaker = null, bool Independent = false);

    /// <summary>The figures over a set of questionnaires (all of them, or those written independently of the code).</summary>
    private sealed class Tally
    {
        public int Files, PresentInProfile, PresentTotal, MentionedTotal, MentionedRight, Traps, NegatedTotal, NegatedKept,
            Pairs, PairsRight, CoreTotal, CoreInTop, CoreWeakerPairs, CoreWeakerRight;

        public string Line(string name) =>
            $"{name}: files {Files}; recall {Fmt(Ratio(PresentInProfile, PresentTotal))} ({PresentInProfile}/{PresentTotal}); precision of mentioned "
            + $"{Fmt(Ratio(MentionedRight, MentionedTotal))} ({MentionedRight}/{MentionedTotal}); trap hits {Traps}; denied skills in profile "
            + $"{NegatedKept} (of {NegatedTotal}); pairs {Fmt(Ratio(PairsRight, Pairs))} ({PairsRight}/{Pairs}); core@10 {Fmt(Ratio(CoreInTop, CoreTotal))} "
            + $"({CoreInTop}/{CoreTotal}); core above weaker {Fmt(Ratio(CoreWeakerRight, CoreWeakerPairs))} ({CoreWeakerRight}/{CoreWeakerPairs})";
    }

    internal sealed record CorpusFile(string Name, Questionnaire Questionnaire, IReadOnlyList<string> Texts);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    internal static IEnumerable<CorpusFile> Files() => Files(RealTaxonomy.CorpusDirectory);

    internal static IEnumerable<CorpusFile> Files(string dir)
    {
        if (!Directory.Exists(dir)) yield break;
        foreach (var path in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".labels.json", StringComparison.Ordinal)) continue;
            if (name.EndsWith(".qa.json", StringComparison.Ordinal))
            {
                var answers = JsonSerializer.Deserialize<List<QaAnswer>>(File.ReadAllText(path), Json)!;
                yield return new CorpusFile(name[..^".qa.json".Length], Questionnaire.Qa([.. answers]), answers.Select(a => a.Answer).ToList());
            }
            else if (name.EndsWith(".md", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(path);
                yield return new CorpusFile(name[..^3], Questionnaire.Markdown(text), [text]);
            }
            else if (name.EndsWith(".txt", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(path);
                yield return new CorpusFile(name[..^4], Questionnaire.Text(text), [text]);
            }
        }
    }

    /// <summary>What one measured folder of questionnaires gives.</summary>
    private sealed record Measured(int Files, double Recall, double Precision, int Traps, int DeniedKept, double Pairs, double CoreAt10,
        double CoreOverWeaker, IReadOnlyList<string> EvidenceProblems);

    [Fact]
    public void Corpus_extraction_meets_the_quality_bars()
    {
        var m = Measure(RealTaxonomy.CorpusDirectory);
        Assert.True(m.Files >= 50 || !RealTaxonomy.CommittedCorpus && m.Files > 0, $"The corpus has {m.Files} questionnaires; at least 50 are expected.");
        Assert.Empty(m.EvidenceProblems);
        Assert.True(m.Traps <= MaxTrapHits, $"{m.Traps} trap hits > {MaxTrapHits}");
        Assert.True(m.DeniedKept <= MaxDeniedInProfile, $"{m.DeniedKept} denied skills in profiles > {MaxDeniedInProfile}");
        Assert.True(m.Recall >= MinRecall, $"recall {Fmt(m.Recall)} < {MinRecall}");
        Assert.True(m.Precision >= MinPrecision, $"precision {Fmt(m.Precision)} < {MinPrecision}");
        Assert.True(m.Pairs >= MinPairs, $"pairs ordered {Fmt(m.Pairs)} < {MinPairs}");
        Assert.True(m.CoreAt10 >= MinCoreAt10, $"core@10 {Fmt(m.CoreAt10)} < {MinCoreAt10}");
        Assert.True(m.CoreOverWeaker >= MinCoreOverWeaker, $"core above weaker {Fmt(m.CoreOverWeaker)} < {MinCoreOverWeaker}");
    }

    /// <summary>
    /// Questionnaires written by people who had not seen the extractor, committed as they were first measured
    /// (<c>Corpus.Unseen</c>: files 60–399, thirty-four batches). Their first figures are kept in the README; fixes found on them
    /// since make them seen, so they sit apart from the tuned corpus, with floors at what the extractor reaches on them now.
    /// </summary>
    [Fact]
    public void Unseen_questionnaires_hold_their_floors()
    {
        var m = Measure(RealTaxonomy.UnseenCorpusDirectory);
        Assert.True(m.Files >= 340, $"The unseen set has {m.Files} questionnaires; 340 are expected.");
        Assert.Empty(m.EvidenceProblems);
        Assert.True(m.Traps <= UnseenMaxTrapHits, $"{m.Traps} trap hits > {UnseenMaxTrapHits}");
        Assert.True(m.DeniedKept <= UnseenMaxDeniedInProfile, $"{m.DeniedKept} denied skills in profiles > {UnseenMaxDeniedInProfile}");
        Assert.True(m.Recall >= UnseenMinRecall, $"recall {Fmt(m.Recall)} < {UnseenMinRecall}");
        Assert.True(m.Precision >= UnseenMinPrecision, $"precision {Fmt(m.Precision)} < {UnseenMinPrecision}");
        Assert.True(m.CoreAt10 >= UnseenMinCoreAt10, $"core@10 {Fmt(m.CoreAt10)} < {UnseenMinCoreAt10}");
    }

    private Measured Measure(string directory)
    {
        var files = Files(directory).ToList();
        var extractor = RealTaxonomy.Extractor;
        var taxonomy = RealTaxonomy.Taxonomy;

        int presentInProfile = 0, presentTotal = 0, presentFound = 0, mentionedTotal = 0, mentionedRight = 0, traps = 0, negatedTotal = 0, negatedKept = 0,
            pairs = 0, pairsRight = 0, coreTotal = 0, coreInTop = 0, coreWeakerPairs = 0, coreWeakerRight = 0;
        var evidenceProblems = new List<string>();
        var independentTally = new Tally();
        var report = new StringBuilder();
        foreach (var file in files)
        {
            var labelPath = Path.Combine(directory, file.Name + ".labels.json");
            Assert.True(File.Exists(labelPath), $"{file.Name} has no labels file.");
            var labels = JsonSerializer.Deserialize<Labels>(File.ReadAllText(labelPath), Json)!;
            var negatedLabels = labels.Negated ?? [];
            var core = labels.Core ?? [];
            var weaker = labels.Weaker ?? [];
            Assert.True(core.Count is >= 4 and <= 6, $"{file.Name}: {core.Count} core skills labelled; 4–6 are expected.");
            Assert.True(weaker.Count is >= 1 and <= 4, $"{file.Name}: {weaker.Count} weaker skills labelled; 1–4 are expected.");
            foreach (var id in core.Concat(weaker))
                Assert.True(labels.Present.Contains(id), $"{file.Name}: core/weaker label '{id}' is not among the present ones.");
            foreach (var id in labels.Present.Concat(labels.Absent).Concat(labels.Stronger.SelectMany(p => p)))
                Assert.True(taxonomy.Contains(id), $"{file.Name}: label '{id}' is not a skill of the taxonomy.");
            foreach (var id in negatedLabels)
                Assert.True(labels.Absent.Contains(id), $"{file.Name}: negated label '{id}' is not among the absent ones.");

            var result = extractor.Extract(file.Questionnaire, "auto");
            Assert.True(result.Profile is not null, $"{file.Name}: extraction failed: {result.Failure}");
            var profile = result.Profile!;
            var level = profile.Skills.ToDictionary(s => s.SkillId, s => s.Level, StringComparer.Ordinal);
            var mentioned = profile.Skills.Where(s => s.Source == SkillSource.Mentioned).Select(s => s.SkillId).ToHashSet(StringComparer.Ordinal);
            var present = labels.Present.ToHashSet(StringComparer.Ordinal);

            var misses = labels.Present.Where(id => !mentioned.Contains(id)).ToList();
            presentInProfile += labels.Present.Count(level.ContainsKey);
            var inferredOnly = misses.Where(level.ContainsKey).ToList();
            misses = misses.Where(id => !level.ContainsKey(id)).ToList();
            var extras = mentioned.Where(id => !present.Contains(id)).Order(StringComparer.Ordinal).ToList();
            var source = profile.Skills.ToDictionary(s => s.SkillId, s => s.Source, StringComparer.Ordinal);
            var trapHits = labels.Absent.Where(id => source.TryGetValue(id, out var src) && src != SkillSource.Inferred).ToList();
            var absentInferred = labels.Absent.Where(id => source.GetValueOrDefault(id, SkillSource.Mentioned) == SkillSource.Inferred
                && !negatedLabels.Contains(id)).ToList();
            var negatedHits = negatedLabels.Where(level.ContainsKey).ToList();
            var wrongPairs = labels.Stronger.Where(p => level.GetValueOrDefault(p[0]) <= level.GetValueOrDefault(p[1])).ToList();
            var top10 = profile.Skills.Where(s => s.Source == SkillSource.Mentioned)
                .OrderByDescending(s => s.Level).ThenBy(s => s.SkillId, StringComparer.Ordinal).Take(10).Select(s => s.SkillId).ToHashSet(StringComparer.Ordinal);
            var coreMissing = core.Where(id => !top10.Contains(id)).ToList();
            var coreBelow = (from c in core from w in weaker where level.GetValueOrDefault(c) <= level.GetValueOrDefault(w) select (c, w)).ToList();
            coreTotal += core.Count;
            coreInTop += core.Count - coreMissing.Count;
            coreWeakerPairs += core.Count * weaker.Count;
            coreWeakerRight += core.Count * weaker.Count - coreBelow.Count;

            if (labels.Independent)
            {
                var t = independentTally;
                t.Files++;
                t.PresentInProfile += labels.Present.Count(level.ContainsKey);
                t.PresentTotal += present.Count;
                t.MentionedTotal += mentioned.Count;
                t.MentionedRight += mentioned.Count - extras.Count;
                t.Traps += trapHits.Count;
                t.NegatedTotal += negatedLabels.Count;
                t.NegatedKept += negatedHits.Count;
                t.Pairs += labels.Stronger.Count;
                t.PairsRight += labels.Stronger.Count - wrongPairs.Count;
                t.CoreTotal += core.Count;
                t.CoreInTop += core.Count - coreMissing.Count;
                t.CoreWeakerPairs += core.Count * weaker.Count;
                t.CoreWeakerRight += core.Count * weaker.Count - coreBelow.Count;
            }

            presentTotal += present.Count;
            presentFound += present.Count - misses.Count - inferredOnly.Count;
            mentionedTotal += mentioned.Count;
            mentionedRight += mentioned.Count - extras.Count;
            traps += trapHits.Count;
            negatedTotal += negatedLabels.Count;
            negatedKept += negatedHits.Count;
            pairs += labels.Stronger.Count;
            pairsRight += labels.Stronger.Count - wrongPairs.Count;

            foreach (var skill in profile.Skills.Where(s => s.Source == SkillSource.Mentioned))
                evidenceProblems.AddRange(CheckEvidence(file, skill, extractor));

            if (labels.Language is { } lang && lang != profile.Language) report.AppendLine($"{file.Name}: language {profile.Language}, labelled {lang}");
            if (misses.Count + extras.Count + trapHits.Count + negatedHits.Count + absentInferred.Count + wrongPairs.Count + coreMissing.Count + coreBelow.Count == 0) continue;
            report.AppendLine($"{file.Name}:");
            if (misses.Count > 0) report.AppendLine($"  missed:  {string.Join(", ", misses)}");
            if (inferredOnly.Count > 0) report.AppendLine($"  inferred: {string.Join(", ", inferredOnly)}");
            if (extras.Count > 0) report.AppendLine($"  extra:   {string.Join(", ", extras)}");
            if (trapHits.Count > 0) report.AppendLine($"  TRAPS:   {string.Join(", ", trapHits.Select(t => $"{t} ({Describe(profile, t)})"))}");
            if (negatedHits.Count > 0) report.AppendLine($"  DENIED BUT IN PROFILE: {string.Join(", ", negatedHits.Select(t => $"{t} ({Describe(profile, t)})"))}");
            if (absentInferred.Count > 0) report.AppendLine($"  absent, inferred only: {string.Join(", ", absentInferred.Select(t => $"{t} ({Describe(profile, t)})"))}");
            if (coreMissing.Count > 0)
                report.AppendLine($"  core not in top 10: {string.Join(", ", coreMissing.Select(c => $"{c} {Fmt(level.GetValueOrDefault(c))}"))}; "
                    + $"top 10: {string.Join(", ", profile.Skills.Where(s => s.Source == SkillSource.Mentioned).OrderByDescending(s => s.Level).ThenBy(s => s.SkillId, StringComparer.Ordinal).Take(10).Select(s => $"{s.SkillId} {Fmt(s.Level)}"))}");
            foreach (var (c, w) in coreBelow)
                report.AppendLine($"  core {c} {Fmt(level.GetValueOrDefault(c))} not above weaker {w} {Fmt(level.GetValueOrDefault(w))}  [{Describe(profile, c)} | {Describe(profile, w)}]");
            foreach (var p in wrongPairs)
                report.AppendLine($"  pair:    {p[0]} {Fmt(level.GetValueOrDefault(p[0]))} should be > {p[1]} {Fmt(level.GetValueOrDefault(p[1]))}"
                    + $"  [{Describe(profile, p[0])} | {Describe(profile, p[1])}]");
        }

        var recall = Ratio(presentInProfile, presentTotal);
        var mentionedRecall = Ratio(presentFound, presentTotal);
        var precision = Ratio(mentionedRight, mentionedTotal);
        var pairRatio = Ratio(pairsRight, pairs);
        var coreAt10 = Ratio(coreInTop, coreTotal);
        var coreOverWeaker = Ratio(coreWeakerRight, coreWeakerPairs);
        output.WriteLine($"files {files.Count}; recall {Fmt(recall)} ({presentInProfile}/{presentTotal}); mentioned-only recall {Fmt(mentionedRecall)} "
            + $"({presentFound}/{presentTotal}); precision of mentioned {Fmt(precision)} ({mentionedRight}/{mentionedTotal}); trap hits {traps}; "
            + $"denied skills in profile {negatedKept} (of {negatedTotal} labelled); pairs {Fmt(pairRatio)} ({pairsRight}/{pairs}); "
            + $"evidence problems {evidenceProblems.Count}; core@10 {Fmt(coreAt10)} ({coreInTop}/{coreTotal}); core above weaker {Fmt(coreOverWeaker)} "
            + $"({coreWeakerRight}/{coreWeakerPairs})");
        output.WriteLine(independentTally.Line("written independently of the code"));
        output.WriteLine(report.ToString());
        foreach (var p in evidenceProblems) output.WriteLine(p);
        return new Measured(files.Count, recall, precision, traps, negatedKept, pairRatio, coreAt10, coreOverWeaker, evidenceProblems);
    }

    /// <summary>Each quote is exactly where its offsets say, and at least one of them names the skill as written.</summary>
    private static IEnumerable<string> CheckEvidence(CorpusFile file, ProfileSkill skill, SkillExtractor extractor)
    {
        if (skill.Evidence.Count == 0)
        {
            yield return $"{file.Name}: {skill.SkillId} has no evidence";
            yield break;
        }
        var names = false;
        foreach (var e in skill.Evidence)
        {
            var source = e.Answer is { } i ? file.Texts[i] : file.Texts[0];
            if (e.Start < 0 || e.End > source.Length || e.Start >= e.End || source[e.Start..e.End] != e.Quote)
                yield return $"{file.Name}: {skill.SkillId} quote at {e.Start}..{e.End} does not match '{e.Quote}'";
            names |= extractor.Matcher.FindMentions(e.Quote, e.Section).Any(m => m.SkillId == skill.SkillId)
                     // "Do you use Terraform? — Yes, daily": the question names it, the answer is the evidence.
                     || extractor.Matcher.FindMentions(e.Section).Any(m => m.SkillId == skill.SkillId);
        }
        if (!names) yield return $"{file.Name}: no quote of {skill.SkillId} names it";
    }

    private static string Describe(ExtractedProfile profile, string id)
    {
        var s = profile.Skills.FirstOrDefault(x => x.SkillId == id);
        return s is null ? "absent" : $"{s.Source} {Fmt(s.Level)}: {s.Reason}";
    }

    private static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;
    private static string Fmt(double d) => d.ToString("0.000", CultureInfo.InvariantCulture);
}
