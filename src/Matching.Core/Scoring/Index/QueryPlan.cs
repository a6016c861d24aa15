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
    /// <summary>
    /// The "best credit so far" scratch holds tag | (units + 1), the tag (bits 21–30) growing with every requirement, so
    /// the scratch need not be cleared between requirements or queries (see <see cref="Kernels.Raise"/>).
    /// </summary>
    public const int EpochShift = 21;
    public const int MaxEpoch = (1 << 10) - 1;

    public required RequirementPlan[] Plans { get; init; }
    public required Scan[] Scans { get; init; }
    /// <summary>The base segment's runs and tails to walk, grouped by requirement (own-skill lists first).</summary>
    public required Segment[] Segments { get; init; }
    /// <summary>The delta's lists to walk, grouped the same way.</summary>
    public required Segment[] DeltaSegments { get; init; }
    public required double TotalWeight { get; init; }
    public required int TopK { get; init; }
    public required int MinUnits { get; init; }
    public required int RequiredCount { get; init; }
    public required bool Strict { get; init; }
    public required long BasePostings { get; init; }
    /// <summary>
    /// The order requirements are accumulated in: largest possible contribution first (required ones lead, since
    /// satisfying one outranks any score), so that what is still to come is soon small enough to prune with.
    /// </summary>
    public required int[] Order { get; init; }
    /// <summary>
    /// Per position in <see cref="Order"/>: the most the requirements after it can still add to an accumulator
    /// (satisfied-required units included). An upper bound, compared with the top-K threshold.
    /// </summary>
    public required int[] StillToCome { get; init; }

    /// <summary>With a cursor: the accumulator of its position (int.MinValue when it lies past every possible one).</summary>
    public bool HasCursor { get; init; }
    public int CursorKey { get; init; }
    public string? CursorId { get; init; }
    /// <summary>The first base ordinal whose id sorts after the cursor's.</summary>
    public int CursorBaseBound { get; init; }
    /// <summary>
    /// The highest threshold parent/related pruning may use: only profiles that can reach neither the top-K nor this may
    /// keep a low accumulator. The cursor's position (profiles before it are counted for ranks, so their values must be
    /// exact) and minScore (every profile at or above it is counted in the ranking's size and facets).
    /// </summary>
    public int PruneCap { get; init; } = int.MaxValue;

    /// <summary>The smallest accumulator worth a look: matched something, and under strict satisfies every required one.</summary>
    public int MinAccept => Touched | (Strict ? RequiredCount << 20 : 0);

    public static QueryPlan Create(SkillTaxonomy taxonomy, IndexState state, IReadOnlyList<Requirement> requirements, MatchOptions options)
    {
        var totalWeight = ScoringRules.TotalWeight(requirements);
        var plans = new RequirementPlan[requirements.Count];
        // Built in this thread's lists and copied out once: a query has hundreds of segments (a run each), and growing
        // fresh lists for every query was a fifth of what /match allocates.
        var builders = t_builders ??= new Builders();
        var (scans, segments, deltaSegments, extras) = (builders.Scans, builders.Segments, builders.DeltaSegments, builders.Extras);
        scans.Clear();
        segments.Clear();
        deltaSegments.Clear();
        var b = state.Base;
        long postings = 0;
        var required = 0;
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
                FirstSegment = segments.Count,
                FirstDeltaSegment = deltaSegments.Count,
            };
            if (requirement.Required) required++;
            var r = plan.Skill;
            if (r >= 0)
            {
                AddScan(Lists.Of(r, true), main: true, ScoringRules.ExactFactor);
                AddScan(Lists.Of(r, false), main: true, ScoringRules.ChildFactor);
                plan.MainCount = scans.Count - plan.FirstScan;
                plan.MainSegmentEnd = segments.Count;
                plan.MainDeltaSegmentEnd = deltaSegments.Count;

                // A skill that is both a parent and related is one list at the better factor.
                extras.Clear();
                foreach (var a in taxonomy.ParentsOf(r)) extras.Add((a, ScoringRules.ParentFactor));
                foreach (var s in taxonomy.RelatedOf(r))
                {
                    var at = extras.FindIndex(e => e.Skill == s);
                    if (at < 0) extras.Add((s, ScoringRules.RelatedFactor));
                    else extras[at] = (s, Math.Max(extras[at].Factor, ScoringRules.RelatedFactor));
                }
                foreach (var (skill, factor) in extras) AddScan(Lists.Of(skill, true), main: false, factor);
                plan.ExtraCount = scans.Count - plan.FirstScan - plan.MainCount;
            }
            else
            {
                plan.MainSegmentEnd = segments.Count;
                plan.MainDeltaSegmentEnd = deltaSegments.Count;
            }
            plan.SegmentEnd = segments.Count;
            plan.DeltaSegmentEnd = deltaSegments.Count;
            plan.MostPossible = plan.MaxUnits + (plan.Required ? SatisfiedUnit : 0);
            plans[i] = plan;

            void AddScan(int list, bool main, double factor)
            {
                var (first, end) = b.RunsOf(list);
                var (tailStart, tailEnd) = b.TailOf(list);
                var delta = state.Delta.Lists[list];
                if (first == end && tailStart == tailEnd && delta.Count == 0) return;
                var scan = new Scan { List = list, Main = main, Factor = factor, Delta = delta };
                // Bounds for pruning: a run adds its value; a posting with its own level at most full credit at this factor,
                // the credit of level 1 (not of minLevel: credit keeps growing with depth above it).
                var most = tailStart < tailEnd || delta.Count > 0 ? ScoringRules.ContributionUnits(plan.Weight, factor, totalWeight) : 0;
                for (var run = first; run < end; run++)
                    most = Math.Max(most, ScoringRules.ContributionUnits(plan.Weight, ScoringRules.Credit(factor, b.RunLevels[run], plan.MinLevel), totalWeight));
                plan.MaxUnits = Math.Max(plan.MaxUnits, most);
                if (!main) plan.MaxExtraUnits = Math.Max(plan.MaxExtraUnits, most);
                if (tailStart < tailEnd || delta.Count > 0) scan.LevelValues = new LevelValues();
                for (var run = first; run < end; run++)
                    segments.Add(new Segment { Run = run, Value = Value(plan, scan, b.RunLevels[run], totalWeight), Scan = scans.Count });
                if (tailStart < tailEnd)
                    segments.Add(new Segment
                    {
                        Run = -1,
                        Start = tailStart,
                        End = tailEnd,
                        Value = -1,
                        Scan = scans.Count,
                        Ords = b.TailOrds,
                        Levels = b.TailLevels,
                    });
                if (delta.Count > 0)
                    deltaSegments.Add(new Segment
                    {
                        Run = -1,
                        Start = 0,
                        End = delta.Count,
                        Value = -1,
                        Scan = scans.Count,
                        Ords = delta.Ords,
                        Levels = delta.Levels,
                    });
                postings += b.LengthOf(list);
                scans.Add(scan);
            }
        }

        var order = Enumerable.Range(0, plans.Length).OrderByDescending(i => plans[i].MostPossible).ToArray();
        var stillToCome = new int[order.Length];
        for (var k = order.Length - 2; k >= 0; k--) stillToCome[k] = stillToCome[k + 1] + plans[order[k + 1]].MostPossible;

        var minUnits = ScoringRules.MinScoreUnits(options.MinScore);
        var hasCursor = options.After is not null;
        int cursorKey = 0, cursorBound = 0, pruneCap = int.MaxValue;
        if (options.After is { } after)
        {
            var satisfied = required - after.Missing;
            if (satisfied < 0)
            {
                cursorKey = int.MinValue;
                pruneCap = 0;
            }
            else
            {
                cursorKey = Touched | satisfied << 20 | Math.Clamp(after.ScoreUnits, 0, UnitsMask);
                pruneCap = cursorKey & ~Touched;
            }
            cursorBound = b.UpperBound(after.ProfileId);
        }
        if (minUnits > 0) pruneCap = Math.Min(pruneCap, minUnits);

        return new QueryPlan
        {
            HasCursor = hasCursor,
            CursorKey = cursorKey,
            CursorId = options.After?.ProfileId,
            CursorBaseBound = cursorBound,
            PruneCap = pruneCap,
            Order = order,
            StillToCome = stillToCome,
            Plans = plans,
            Scans = Copy(scans),
            Segments = Copy(segments),
            DeltaSegments = Copy(deltaSegments),
            TotalWeight = totalWeight,
            TopK = options.TopK,
            MinUnits = minUnits,
            RequiredCount = required,
            Strict = options.Strict,
            BasePostings = postings,
        };
    }

    private sealed class Builders
    {
        public readonly List<Scan> Scans = [];
        public readonly List<Segment> Segments = [];
        public readonly List<Segment> DeltaSegments = [];
        public readonly List<(int Skill, double Factor)> Extras = [];
    }

    [ThreadStatic] private static Builders? t_builders;

    /// <summary>The list's items as an array of their own; the list is cleared so it holds no references meanwhile.</summary>
    private static T[] Copy<T>(List<T> list)
    {
        var array = list.Count == 0 ? [] : list.ToArray();
        list.Clear();
        return array;
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
        var b = state.Base;
        for (var s = plan.FirstScan; s < plan.FirstScan + plan.MainCount; s++)
        {
            ref readonly var scan = ref Scans[s];
            if (ordinal < b.Count)
            {
                var (first, end) = b.RunsOf(scan.List);
                for (var run = first; run < end && b.RunLevels[run] >= plan.MinLevel; run++)
                    if (b.RunContains(run, ordinal)) return true;
                var (tailStart, tailEnd) = b.TailOf(scan.List);
                var inTail = b.TailOrds.AsSpan(tailStart, tailEnd - tailStart).BinarySearch(ordinal);
                if (inTail >= 0) return b.TailLevels[tailStart + inTail] >= plan.MinLevel;
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
    public int FirstSegment;
    public int MainSegmentEnd;
    public int SegmentEnd;
    public int FirstDeltaSegment;
    public int MainDeltaSegmentEnd;
    public int DeltaSegmentEnd;
    /// <summary>Upper bounds, in contribution units: any option, a parent/related option, and any option plus satisfaction.</summary>
    public int MaxUnits;
    public int MaxExtraUnits;
    public int MostPossible;
}

/// <summary>One posting list to walk for one requirement: the requirement's own skill (main) or a parent/related one.</summary>
internal struct Scan
{
    public int List;
    public bool Main;
    public double Factor;
    public DeltaList Delta;
    /// <summary>Values of the tail's and the delta's postings, per level; set when the list has either.</summary>
    public LevelValues? LevelValues;
}

/// <summary>
/// What to walk: a base run (<see cref="Run"/> ≥ 0, one level, <see cref="Value"/> precomputed), or postings that carry
/// a level each — a base list's tail or a delta list — in <c>Ords[Start..End]</c> with levels in <see cref="Levels"/>.
/// </summary>
internal struct Segment
{
    public int Run;
    /// <summary>The run's value, or -1 when each posting has its own level.</summary>
    public int Value;
    public int Scan;
    public int Start;
    public int End;
    public int[]? Ords;
    public float[]? Levels;
}

/// <summary>
/// Memoised <see cref="QueryPlan.Value"/> per level, for postings that carry their own level (a list's tail, the delta):
/// a small direct-mapped cache. Partitions share it; each slot is one 64-bit word (level bits, value), so a reader sees a
/// whole entry or an older one, never half of each.
/// </summary>
internal sealed class LevelValues
{
    private const int Slots = 32;
    private readonly long[] _slots = CreateSlots();

    public int Get(in RequirementPlan plan, in Scan scan, float level, double totalWeight)
    {
        var bits = BitConverter.SingleToUInt32Bits(level);
        ref var slot = ref _slots[(int)((bits * 0x9E3779B1u) >> 27)];
        var entry = Volatile.Read(ref slot);
        if ((uint)(entry >>> 32) == bits) return (int)entry;
        var value = QueryPlan.Value(plan, scan, level, totalWeight);
        Volatile.Write(ref slot, (long)bits << 32 | (uint)value);
        return value;
    }

    private static long[] CreateSlots()
    {
        var slots = new long[Slots];
        Array.Fill(slots, -1L); // level bits 0xFFFFFFFF: a NaN, never a quantised level
        return slots;
    }
}
