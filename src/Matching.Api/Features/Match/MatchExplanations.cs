using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Scoring;

namespace Matching.Api.Features.Match;

/// <summary>
/// Turns explained index hits into results: the breakdown is <see cref="Scorer"/>'s on the very version of each profile
/// that the index ranked (so explanations never disagree with ranks), and each requirement quotes the evidence of its
/// matched skill (for a skill held as inferred, the descendant that implied it) from the <see cref="EvidenceCache"/>.
/// Scores and contributions are shown with two decimals (<see cref="ShownScores"/>); ranks follow the exact scores.
/// </summary>
internal static class MatchExplanations
{
    public static async Task<List<MatchResult>> ExplainAsync(IReadOnlyList<MatchHit> hits, EvidenceCache cache, CancellationToken ct)
    {
        var evidence = await cache.GetAsync(hits.Select(h => h.ProfileId).ToList(), ct);
        var results = new List<MatchResult>(hits.Count);
        foreach (var hit in hits)
        {
            var explanation = hit.Explanation ?? throw new InvalidOperationException("The index was asked to explain its hits.");
            var quotes = evidence[hit.ProfileId];
            var shown = ShownScores.Of(explanation);
            var breakdown = BreakdownDto.ListOf(explanation, shown, b => quotes.Of(b.MatchedSkill));
            results.Add(new MatchResult(hit.Rank, hit.ProfileId, hit.ExternalId, shown.Score, hit.MissingRequired, breakdown));
        }
        return results;
    }
}
