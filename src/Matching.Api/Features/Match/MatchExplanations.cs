using System.Collections;
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
    public static async Task<ExplainedResults> ExplainAsync(IReadOnlyList<MatchHit> hits, EvidenceCache cache, CancellationToken ct)
    {
        var ids = new string[hits.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = hits[i].ProfileId;
        return new ExplainedResults(hits, await cache.GetAsync(ids, ct));
    }
}

/// <summary>One explained hit: its explanation, shown scores and quotes.</summary>
internal readonly record struct ExplainedHit(MatchHit Hit, ProfileScore Explanation, ShownScores.Shown Shown, QuotedEvidence Quotes);

/// <summary>
/// Explained hits as results. Read as a list, each <see cref="MatchResult"/> is made as it is read (the serializer reads
/// each once); <see cref="AnswerJson"/> writes them straight from the hits (<see cref="Explain"/>) without making them.
/// </summary>
public sealed class ExplainedResults : IReadOnlyList<MatchResult>
{
    private readonly IReadOnlyList<MatchHit> _hits;
    private readonly IReadOnlyDictionary<string, QuotedEvidence> _evidence;

    internal ExplainedResults(IReadOnlyList<MatchHit> hits, IReadOnlyDictionary<string, QuotedEvidence> evidence)
    {
        _hits = hits;
        _evidence = evidence;
    }

    public int Count => _hits.Count;

    public MatchResult this[int index]
    {
        get
        {
            var (hit, explanation, shown, quotes) = Explain(index);
            return new MatchResult(hit.Rank, hit.ProfileId, hit.ExternalId, shown.Score, hit.MissingRequired,
                BreakdownDto.ListOf(explanation, shown, b => quotes.Of(b.MatchedSkill)));
        }
    }

    internal ExplainedHit Explain(int index)
    {
        var hit = _hits[index];
        var explanation = hit.Explanation ?? throw new InvalidOperationException("The index was asked to explain its hits.");
        return new ExplainedHit(hit, explanation, ShownScores.Of(explanation), _evidence[hit.ProfileId]);
    }

    public IEnumerator<MatchResult> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
