namespace Matching.Core.Scoring;

/// <summary>
/// Scores as clients see them: two decimals, rounded half away from zero from the exact four-decimal score that ranks
/// (96.6666 shows as 96.67, never cut to 96.66), the same for live /match, the reverse match and the stored nightly lists.
/// A breakdown's shown contributions still add up to the shown score exactly: each is its exact value cut to two decimals,
/// and the hundredths still missing go, one each, to the contributions with the largest cut-off remainders (the
/// largest-remainder method), so no shown contribution is more than 0.01 from its exact value.
/// </summary>
public static class ShownScores
{
    public const int Decimals = 2;

    private const int UnitsPerCent = ScoringRules.UnitsPerPoint / 100;

    /// <summary>round(score, 2), half away from zero, always with two decimal places (100.00, not 100).</summary>
    public static decimal Round(decimal score) => Cents((long)Math.Round(score * 100m, 0, MidpointRounding.AwayFromZero));

    /// <summary>Rounds a possibly absent score (a previous score in a stored list).</summary>
    public static decimal? Round(decimal? score) => score is { } s ? Round(s) : null;

    /// <summary>The shown score, and per requirement the shown contribution and the shown part of it that depth earned.</summary>
    public static Shown Of(ProfileScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var n = score.Breakdown.Count;
        // On the stack for the usual handful of requirements: /match shows this for every hit.
        Span<long> units = n <= MaxOnStack ? stackalloc long[n] : new long[n];
        Span<long> cents = n <= MaxOnStack ? stackalloc long[n] : new long[n];
        long total = 0;
        for (var i = 0; i < n; i++)
        {
            units[i] = ToUnits(score.Breakdown[i].Contribution);
            total += units[i];
        }
        var shownCents = (total + UnitsPerCent / 2) / UnitsPerCent; // contributions are never negative: half rounds up
        long allotted = 0;
        for (var i = 0; i < n; i++)
        {
            cents[i] = units[i] / UnitsPerCent;
            allotted += cents[i];
        }
        // Hand the missing hundredths to the largest remainders, earlier requirements first on equal remainders (each
        // once: the remainders of those already given one are set aside).
        for (var missing = shownCents - allotted; missing > 0; missing--)
        {
            int best = -1;
            long largest = 0;
            for (var i = 0; i < n; i++)
            {
                var remainder = units[i] % UnitsPerCent;
                if (remainder > largest) (best, largest) = (i, remainder);
            }
            if (best < 0) break;
            cents[best]++;
            units[best] -= units[best] % UnitsPerCent; // given: no remainder left to compete with
        }

        var contributions = new decimal[n];
        var depths = new decimal[n];
        for (var i = 0; i < n; i++)
        {
            contributions[i] = Cents(cents[i]);
            var depth = ToCents(score.Breakdown[i].DepthContribution);
            depths[i] = Cents(depth > cents[i] ? cents[i] : depth < 0 ? 0 : depth);
        }
        return new Shown(Cents(shownCents), contributions, depths);
    }

    /// <summary>
    /// The lowest exact score whose shown score reaches <paramref name="minShown"/>: filtering exact scores by it keeps
    /// exactly the candidates whose shown score is at least minShown (e.g. 96.665 for 96.67, so 96.6650 shown as 96.67 stays).
    /// </summary>
    public static double LowestExactFor(double minShown)
    {
        if (double.IsNaN(minShown)) throw new ArgumentOutOfRangeException(nameof(minShown), "minScore is not a number.");
        var cents = Math.Ceiling((decimal)Math.Clamp(minShown, -1.0, 101.0) * 100m);
        return (double)(cents / 100m - 0.005m);
    }

    private const int MaxOnStack = 64;

    private static long ToUnits(decimal score) =>
        ExactUnits(score, out var units) ? units : (long)Math.Round(score * ScoringRules.UnitsPerPoint, 0, MidpointRounding.AwayFromZero);

    /// <summary>round(score, 2) in hundredths, half away from zero (as <see cref="Round(decimal)"/>).</summary>
    private static long ToCents(decimal score)
    {
        if (!ExactUnits(score, out var units)) return (long)Math.Round(score * 100m, 0, MidpointRounding.AwayFromZero);
        return units < 0 ? -((-units + UnitsPerCent / 2) / UnitsPerCent) : (units + UnitsPerCent / 2) / UnitsPerCent;
    }

    /// <summary>
    /// A score of at most four decimals in ten-thousandths of a point. Scores and contributions are made with four
    /// (<see cref="ScoringRules.FromUnits"/>): their units are the decimal's own digits, read without decimal arithmetic.
    /// </summary>
    private static bool ExactUnits(decimal score, out long units)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(score, bits);
        var scale = score.Scale;
        if (bits[1] != 0 || bits[2] != 0 || scale > ScoringRules.Decimals)
        {
            units = 0;
            return false;
        }
        units = (uint)bits[0] * UnitsPer[ScoringRules.Decimals - scale];
        if (bits[3] < 0) units = -units;
        return true;
    }

    private static readonly long[] UnitsPer = [1, 10, 100, 1000, 10_000];

    private static decimal Cents(long cents) => new((int)Math.Abs(cents), 0, 0, cents < 0, Decimals);

    /// <param name="Score">The shown score.</param>
    /// <param name="Contributions">Per requirement, in order; they add up to <paramref name="Score"/>.</param>
    /// <param name="DepthContributions">Per requirement, the shown depth part, between 0 and the shown contribution.</param>
    public sealed record Shown(decimal Score, IReadOnlyList<decimal> Contributions, IReadOnlyList<decimal> DepthContributions);
}
