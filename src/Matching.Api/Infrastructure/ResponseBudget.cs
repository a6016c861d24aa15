using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Infrastructure;

/// <summary>
/// How much one ranking may return: every result carries one breakdown row per requirement (with its quotes), so the
/// answer grows with results × requirements. Over <see cref="ApiLimits.MaxMatchCells"/> the request is refused with
/// 400 <c>response-budget-exceeded</c>, naming the limit and the largest <c>topK</c> that fits — never silently cut.
/// </summary>
public static class ResponseBudget
{
    public const string Setting = "Limits:MaxMatchCells";

    /// <summary>POST /match: the requested topK × the requirements, known before anything is ranked.</summary>
    public static ProblemHttpResult? CheckMatch(int requirements, int topK, ApiLimits limits)
    {
        var cells = (long)requirements * topK;
        if (cells <= limits.MaxMatchCells) return null;
        var fits = limits.MaxMatchCells / Math.Max(1, requirements);
        return Refuse(cells, limits, fits,
            $"{requirements} requirements × topK {topK} = {cells} breakdown rows, over the response budget of {limits.MaxMatchCells} " +
            $"({Setting}). " + (fits > 0 ? $"Ask for topK {fits} or less, or fewer requirements." : "Send fewer requirements."));
    }

    /// <summary>
    /// Reverse match: each job brings its own requirements, so the rows are counted over the jobs that would be
    /// returned, best first.
    /// </summary>
    public static ProblemHttpResult? CheckRanked(IEnumerable<int> requirementsPerResult, int topK, ApiLimits limits)
    {
        long cells = 0;
        var fits = 0;
        foreach (var requirements in requirementsPerResult)
        {
            cells += requirements;
            if (cells <= limits.MaxMatchCells) fits++;
        }
        if (cells <= limits.MaxMatchCells) return null;
        return Refuse(cells, limits, fits,
            $"The best {topK} results carry {cells} breakdown rows (one per requirement of each), over the response budget of " +
            $"{limits.MaxMatchCells} ({Setting}). " + (fits > 0 ? $"Ask for topK {fits} or less." : "Even the first result is over it."));
    }

    private static ProblemHttpResult Refuse(long cells, ApiLimits limits, int fits, string detail) =>
        Problems.Result(ProblemTypes.ResponseBudgetExceeded, detail, new Dictionary<string, object?>
        {
            ["limit"] = limits.MaxMatchCells,
            ["cells"] = cells,
            ["maxTopK"] = fits,
        });
}
