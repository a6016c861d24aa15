using Matching.Core.Jobs;

namespace Matching.Core.Scoring;

/// <summary>
/// The scoring constants and the arithmetic that <see cref="Scorer"/> (one profile, with explanations) and
/// <see cref="MatchIndex"/> (every profile, ranked) share. Both paths call these functions with the same inputs, so a
/// profile gets the same score, to the last decimal, whichever path computed it.
/// </summary>
/// <remarks>
/// For a requirement R (weight w, minimum level m) each way the profile can meet it is an <em>option</em>:
/// <list type="bullet">
/// <item><see cref="Relation.Exact"/>: the profile has R itself, mentioned or manual (factor <see cref="ExactFactor"/>).</item>
/// <item><see cref="Relation.Child"/>: the profile has R as inferred, i.e. through a descendant (factor <see cref="ChildFactor"/>).</item>
/// <item><see cref="Relation.Parent"/>: the profile has, mentioned or manual, a direct parent of R (a broader skill further up earns nothing: "machine learning" says too little about RAG) (factor <see cref="ParentFactor"/>).</item>
/// <item><see cref="Relation.Related"/>: the profile has, mentioned or manual, a skill related to R (factor <see cref="RelatedFactor"/>).</item>
/// </list>
/// An option at level L earns credit = factor × share(L, m), where share rewards meeting the minimum and, above it,
/// depth (<see cref="Share"/>): below m it is <see cref="MeetShare"/> × L/m, at m exactly <see cref="MeetShare"/>, and it
/// grows linearly to 1 at L = 1, so a deeper match ranks higher and only a full level earns full credit. The requirement
/// takes its best option's credit and contributes round(100 × w × credit / Σw, 4) points. Levels and minimum levels are
/// quantised to <see cref="float"/> first: the index stores floats, and a level of 0.7 must meet a minimum of 0.7 on both paths.
/// Changing any of this changes stored scores: bump <see cref="ScorerVersion"/>.
/// </remarks>
public static class ScoringRules
{
    /// <summary>Recorded with every stored score; changes whenever a factor or formula here changes.</summary>
    public const string ScorerVersion = "scorer-2";

    public const double ExactFactor = 1.0;
    public const double ChildFactor = 0.9;
    public const double ParentFactor = 0.4;
    public const double RelatedFactor = 0.5;

    /// <summary>
    /// The part of an option's factor earned by reaching minLevel; the rest, <see cref="DepthShare"/>, is earned by the
    /// depth above it, in proportion to how far the level goes from minLevel towards 1. 0.85: meeting the minimum stays
    /// most of what a requirement is worth, whatever the depth; the other 0.15 orders those who meet it by how far they go
    /// beyond it (against a minimum of 0.5, a level of 0.95 earns 0.85 + 0.15 × 0.45/0.5 = 0.985 and 0.55 earns 0.865).
    /// </summary>
    public const double MeetShare = 0.85;

    /// <summary>The part of an option's factor earned above minLevel: 1 − <see cref="MeetShare"/>.</summary>
    public const double DepthShare = 1 - MeetShare;

    /// <summary>Contributions and scores are exact decimals with this many places.</summary>
    public const int Decimals = 4;

    /// <summary>The most requirements one job or query may have (the API caps a request at the same number).</summary>
    public const int MaxRequirements = 100;

    internal const int UnitsPerPoint = 10_000;

    public static double FactorOf(Relation relation) => relation switch
    {
        Relation.Exact => ExactFactor,
        Relation.Child => ChildFactor,
        Relation.Parent => ParentFactor,
        Relation.Related => RelatedFactor,
        _ => 0,
    };

    /// <summary>
    /// A level as both paths compute with it: clamped to [0, 1] (as <c>SkillVector</c> stores levels; NaN counts as 0)
    /// and rounded to the nearest <see cref="float"/>.
    /// </summary>
    public static float Quantize(double level)
    {
        if (double.IsNaN(level)) return 0f;
        var q = (float)Math.Clamp(level, 0.0, 1.0);
        return q == 0f ? 0f : q; // -0 and +0 are one level
    }

    /// <summary>credit = factor × <see cref="Share"/>(L, m), with L and m already quantised.</summary>
    public static double Credit(double factor, float level, float minLevel) => factor * Share(level, minLevel);

    /// <summary>
    /// The part of <see cref="Credit"/> earned up to minLevel: all of it below minLevel (and when minLevel is 1, which leaves
    /// no depth above it), factor × <see cref="MeetShare"/> at or above it. Credit − this is the depth credit.
    /// </summary>
    public static double MetCredit(double factor, float level, float minLevel) =>
        minLevel >= 1f || level < minLevel ? Credit(factor, level, minLevel) : factor * MeetShare;

    /// <summary>
    /// How much of an option's factor a level earns against a minimum level, in [0, 1], non-decreasing in L:
    /// <list type="bullet">
    /// <item>L &lt; m: <see cref="MeetShare"/> × L/m (scorer-1's L/m, scaled so that meeting m is worth <see cref="MeetShare"/>);</item>
    /// <item>m ≤ L, m &lt; 1: <see cref="MeetShare"/> + <see cref="DepthShare"/> × (L − m)/(1 − m), which is
    /// <see cref="MeetShare"/> at L = m and exactly 1 at L = 1 (with m = 0: <see cref="MeetShare"/> + <see cref="DepthShare"/> × L);</item>
    /// <item>m = 1: L (only a full level meets it, and there is no depth above it: as in scorer-1).</item>
    /// </list>
    /// </summary>
    /// <remarks>
    /// The operations and their order are part of the definition (the SQL ranking of the benchmarks repeats them). The
    /// fraction (L − m)/(1 − m) is taken first, so it is exactly 1 at L = 1, and <see cref="MeetShare"/> +
    /// <see cref="DepthShare"/> is exactly 1 in doubles: full credit is exactly the factor, never a bit more.
    /// </remarks>
    public static double Share(float level, float minLevel)
    {
        if (minLevel >= 1f) return level;
        if (level < minLevel) return MeetShare * level / minLevel;
        return MeetShare + DepthShare * (((double)level - minLevel) / (1.0 - minLevel));
    }

    /// <summary>Σw in requirement order (the order matters to the last bit of a double, so both paths use this).</summary>
    public static double TotalWeight(IReadOnlyList<Requirement> requirements)
    {
        var total = 0.0;
        for (var i = 0; i < requirements.Count; i++) total += requirements[i].Weight;
        return total;
    }

    /// <summary>
    /// One requirement's points: round(100 × w × credit / Σw, 4) as an exact decimal with 4 places, 0 when Σw is 0.
    /// Rounding is per contribution, so the contributions of a breakdown add up to the score exactly.
    /// </summary>
    public static decimal Contribution(double weight, double credit, double totalWeight) =>
        FromUnits(ContributionUnits(weight, credit, totalWeight));

    /// <summary>A contribution in ten-thousandths of a point (the index adds these as integers).</summary>
    /// <remarks>
    /// Defined as <c>Math.Round((decimal)x, 4)</c> with x = 100·w·credit/Σw. The decimal conversion keeps 15 significant
    /// digits, so for x ≤ 100 it moves x by less than 1e-12, and x·10⁴ in double is off by less than 1e-9: unless x·10⁴
    /// lies within 1e-6 of a half, rounding the double gives the same integer, without a decimal division. Near a half
    /// the decimal path decides. (The tests compare both paths on millions of values, including halves.)
    /// </remarks>
    internal static int ContributionUnits(double weight, double credit, double totalWeight)
    {
        if (!(totalWeight > 0)) return 0;
        var x = 100.0 * weight * credit / totalWeight;
        var scaled = x * UnitsPerPoint;
        if (scaled is >= 0 and < 2e6)
        {
            var floor = Math.Floor(scaled);
            var fraction = scaled - floor;
            if (Math.Abs(fraction - 0.5) > 1e-6) return (int)floor + (fraction > 0.5 ? 1 : 0);
        }
        return ExactContributionUnits(x);
    }

    internal static int ExactContributionUnits(double x) => (int)(Math.Round((decimal)x, Decimals) * UnitsPerPoint);

    internal static decimal FromUnits(long units) =>
        new((int)(units & 0xFFFF_FFFF), (int)(units >> 32), 0, false, Decimals);

    /// <summary>
    /// <c>minScore</c> as ten-thousandths: a score passes when its units are at least this, which is the same as
    /// <c>score &gt;= (decimal)minScore</c> because scores have 4 places.
    /// </summary>
    internal static int MinScoreUnits(double? minScore)
    {
        if (minScore is not { } min) return 0;
        if (double.IsNaN(min)) throw new ArgumentOutOfRangeException(nameof(minScore), "minScore is not a number.");
        var clamped = (decimal)Math.Clamp(min, -1.0, 101.0);
        return (int)Math.Max(0m, Math.Ceiling(clamped * UnitsPerPoint));
    }

    /// <summary>True when a profile with this score passes <c>minScore</c> (scores below it are dropped).</summary>
    public static bool MeetsMinScore(decimal score, double? minScore) =>
        minScore is null || score * UnitsPerPoint >= MinScoreUnits(minScore);

    internal static void Validate(IReadOnlyList<Requirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        if (requirements.Count > MaxRequirements)
            throw new ArgumentException($"At most {MaxRequirements} requirements are allowed; got {requirements.Count}.", nameof(requirements));
        foreach (var r in requirements)
        {
            ArgumentNullException.ThrowIfNull(r, nameof(requirements));
            if (!(r.Weight is >= 0 and <= 1))
                throw new ArgumentOutOfRangeException(nameof(requirements), $"Requirement '{r.Skill}': weight {r.Weight} is outside [0, 1].");
            if (!(r.MinLevel is >= 0 and <= 1))
                throw new ArgumentOutOfRangeException(nameof(requirements), $"Requirement '{r.Skill}': minLevel {r.MinLevel} is outside [0, 1].");
        }
    }
}
