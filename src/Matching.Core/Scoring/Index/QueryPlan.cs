using Matching.Core.Jobs;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// What one query scans. A profile's accumulator is one int: bits 0–19 its score in ten-thousandths of a point, bits
/// 20–26 how many required requirements it satisfies, bit 30 "matched something". Larger accumulator = better rank, since
/// ranking is (missing required ascending, score descending), and missing = required − satisfied.
/// </summary>
internal sealed class QueryPlan
{
    public const int UnitsMask = (1 << 20) - 1;
    public const int SatisfiedUnit = 1 << 20;
    public const int Touched = 1 << 30;
    /// <summary>The per-requirement "best so far" scratch tags entries with an epoch in bits 21–30, so it is never cleared per query.</summary>
    public const int EpochShift = 21;
    public const int MaxEpoch = (1 << 10) - 1;
    public const int EpochMask = (1 << EpochShift) - 1;

    public required IReadOnlyList<Requirement> Requirements { get; init; }
    public required RequirementPlan[] Plans { get; init; }
    public required Scan[] Scans { get; init; }
    /// <summary>Per base run of each scan: the value to add (contribution units, plus <see cref="SatisfiedUnit"/> where it satisfies).</summary>
    public required int[] RunValues { get; init; }
    public required double TotalWeight { get; init; }
    public required int TopK { get; init; }
    public required int MinUnits { get; init; }
    public required int RequiredCount { get; init; }
    public required bool Strict { get; init; }
    public required long BasePostings { get; init; }
    public required int RequirementsWithExtras { get; init; }

    /// <summary>The smallest accumulator worth a look: matched something, and under strict satisfies every required one.</summary>
    public int MinAccept => Touched | (Strict ? RequiredCount << 20 : 0);

    public static QueryPlan Create(SkillTaxonomy taxonomy, IndexState state, IReadOnlyList<Requirement> requirements, MatchOptions options)
    {
        var totalWeight = ScoringRules.TotalWeight(requirements);
        var plans = new RequirementPlan[requirements.Count];
        var scans = new List<Scan>();
        var values = new List<int>();
        var extras = new SortedDictionary<int, double>();
        long postings = 0;
        var required = 0;
        var withExtras = 0;
        for (var i = 0; i < requirements.Count; i++)
        {
            var requirement = requirements[i];
            var plan = new RequirementPlan
            {
                Skill = taxonomy.OrdinalOf(requirement.Skill),
                MinLevel = ScoringRules.Quantize(requirement.MinLevel),
                Weight = requirement.Weight,
                Required = requirement.Required,
                FirstScan = scans.Count,
            };
            if (requirement.Required) required++;
            var r = plan.Skill;
            if (r >= 0)
            {
                AddScan(Lists.Of(r, true), main: true, ScoringRules.ExactFactor);
                AddScan(Lists.Of(r, false), main: true, ScoringRules.ChildFactor);
                plan.MainCount = scans.Count - plan.FirstScan;

                // A skill that is both an ancestor and related is one list at the better factor.
                extras.Clear();
                foreach (var a in taxonomy.AncestorsOf(r)) extras[a] = ScoringRules.ParentFactor;
                foreach (var s in taxonomy.RelatedOf(r))
                    extras[s] = Math.Max(extras.GetValueOrDefault(s), ScoringRules.RelatedFactor);
                foreach (var (skill, factor) in extras) AddScan(Lists.Of(skill, true), main: false, factor);
                plan.ExtraCount = scans.Count - plan.FirstScan - plan.MainCount;
                if (plan.ExtraCount > 0) withExtras++;
            }
            plans[i] = plan;

            void AddScan(int list, bool main, double factor)
            {
                var (first, end) = state.Base.RunsOf(list);
                var delta = state.Delta.Lists[list];
                if (first == end && delta.Count == 0) return;
                var scan = new Scan
                {
                    List = list,
                    Main = main,
                    Factor = factor,
                    FirstRun = first,
                    EndRun = end,
                    ValueOffset = values.Count,
                    Delta = delta,
                };
                for (var run = first; run < end; run++) values.Add(Value(plan, scan, state.Base.RunLevels[run], totalWeight));
                if (delta.Count > 0) scan.DeltaValues = new LevelValues();
                postings += state.Base.LengthOf(list);
                scans.Add(scan);
            }
        }

        return new QueryPlan
        {
            Requirements = requirements,
            Plans = plans,
            Scans = scans.ToArray(),
            RunValues = values.ToArray(),
            TotalWeight = totalWeight,
            TopK = options.TopK,
            MinUnits = ScoringRules.MinScoreUnits(options.MinScore),
            RequiredCount = required,
            Strict = options.Strict,
            BasePostings = postings,
            RequirementsWithExtras = withExtras,
        };
    }

    /// <summary>What a posting at this level adds for this scan: the same contribution <see cref="Scorer"/> computes.</summary>
    public static int Value(in RequirementPlan plan, in Scan scan, float level, double totalWeight)
    {
        var units = ScoringRules.ContributionUnits(plan.Weight, ScoringRules.Credit(scan.Factor, level, plan.MinLevel), totalWeight);
        return scan.Main && plan.Required && level >= plan.MinLevel ? units + SatisfiedUnit : units;
    }

    /// <summary>True when the profile at this ordinal has the requirement's skill, stated or inferred, at minLevel or more.</summary>
    public bool Satisfies(IndexState state, in RequirementPlan plan, int ordinal)
    {
        if (plan.Skill < 0) return false;
        for (var s = plan.FirstScan; s < plan.FirstScan + plan.MainCount; s++)
        {
            ref readonly var scan = ref Scans[s];
            if (ordinal < state.Base.Count)
            {
                for (var run = scan.FirstRun; run < scan.EndRun && state.Base.RunLevels[run] >= plan.MinLevel; run++)
                    if (state.Base.Run(run).BinarySearch(ordinal) >= 0) return true;
            }
            else
            {
                var at = scan.Delta.OrdSpan.BinarySearch(ordinal);
                if (at >= 0) return scan.Delta.Levels[at] >= plan.MinLevel;
            }
        }
        return false;
    }
}

internal struct RequirementPlan
{
    public int Skill;
    public float MinLevel;
    public double Weight;
    public bool Required;
    public int FirstScan;
    public int MainCount;
    public int ExtraCount;
}

/// <summary>One posting list to walk for one requirement: the requirement's own skill (main) or an ancestor/related one.</summary>
internal struct Scan
{
    public int List;
    public bool Main;
    public double Factor;
    public int FirstRun;
    public int EndRun;
    public int ValueOffset;
    public DeltaList Delta;
    public LevelValues? DeltaValues;
}

/// <summary>
/// Memoised <see cref="QueryPlan.Value"/> per level for a delta list, whose postings are not grouped by level
/// (a small direct-mapped cache; levels in real vectors take few distinct values).
/// </summary>
internal sealed class LevelValues
{
    private const int Slots = 64;
    private readonly uint[] _keys = CreateKeys();
    private readonly int[] _values = new int[Slots];

    public int Get(in RequirementPlan plan, in Scan scan, float level, double totalWeight)
    {
        var bits = BitConverter.SingleToUInt32Bits(level);
        var slot = (int)((bits * 0x9E3779B1u) >> 26);
        if (_keys[slot] == bits) return _values[slot];
        var value = QueryPlan.Value(plan, scan, level, totalWeight);
        _keys[slot] = bits;
        _values[slot] = value;
        return value;
    }

    private static uint[] CreateKeys()
    {
        var keys = new uint[Slots];
        Array.Fill(keys, uint.MaxValue); // a NaN pattern: never a quantised level
        return keys;
    }
}
