using Dapper;
using Matching.Core.Jobs;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Npgsql;

namespace Matching.Benchmarks;

/// <summary>
/// The natural way to rank with Dapper: one SQL aggregation over <c>profile_skills</c>, with the same rules as
/// <see cref="Scorer"/> and <see cref="MatchIndex"/> (<see cref="ScoringRules"/>): per requirement its options — the skill
/// itself stated (×1.0) or inferred (×0.9), a stated direct parent (×0.4), a stated related skill (×0.5) — credit
/// = factor × <see cref="ScoringRules.Share"/>(level, minLevel) on float-quantised levels, with the same double operations
/// in the same order (MeetShare × L/m below the minimum, MeetShare + DepthShare × ((L − m)/(1 − m)) at or above it,
/// L when m is 1), the best option per requirement, contributions rounded
/// half-to-even to 4 places, required skills counted as missing unless the skill itself is held at minLevel; ranked by
/// missing required (fewest first), score, profile id. The taxonomy expansion is done here and sent as arrays.
/// </summary>
internal sealed class SqlRanking(SkillTaxonomy taxonomy)
{
    /// <summary>The index the query would want: every column it reads, so PostgreSQL can answer from the index alone.</summary>
    public const string CoveringIndex =
        "CREATE INDEX IF NOT EXISTS bench_profile_skills_cover ON profile_skills (skill_id) INCLUDE (source, profile_id, level)";

    private const string Sql = """
        WITH req AS (
            SELECT * FROM unnest(@ReqIdx, @Weight, @MinLevel, @Required) AS r(idx, weight, min_level, required)
        ),
        opt AS (
            SELECT * FROM unnest(@OptIdx, @OptSkill, @OptExplicit, @OptOwn, @OptFactor) AS o(idx, skill_id, is_explicit, is_own, factor)
        ),
        best AS (
            SELECT s.profile_id, o.idx,
                   MAX(o.factor * CASE
                           WHEN r.min_level >= 1 THEN s.level::real::float8
                           WHEN s.level::real::float8 < r.min_level THEN @MeetShare * s.level::real::float8 / r.min_level
                           ELSE @MeetShare + @DepthShare * ((s.level::real::float8 - r.min_level) / (1.0::float8 - r.min_level))
                       END) AS credit,
                   bool_or(o.is_own AND s.level::real::float8 >= r.min_level) AS satisfied
            FROM opt o
            JOIN req r ON r.idx = o.idx
            JOIN profile_skills s ON s.skill_id = o.skill_id AND (s.source <> 'inferred') = o.is_explicit
            GROUP BY s.profile_id, o.idx
        ),
        units AS (
            SELECT b.profile_id, b.satisfied, r.required,
                   (100.0 * r.weight * b.credit / @Total)::numeric * 10000 AS y
            FROM best b JOIN req r ON r.idx = b.idx
        ),
        scored AS (
            SELECT profile_id,
                   SUM(CASE WHEN y - trunc(y) = 0.5 AND mod(trunc(y), 2) = 0 THEN trunc(y) ELSE round(y) END)::bigint AS units,
                   @RequiredCount - COUNT(*) FILTER (WHERE required AND satisfied) AS missing
            FROM units
            GROUP BY profile_id
        )
        SELECT profile_id AS ProfileId, units AS Units, missing AS Missing
        FROM scored
        WHERE (NOT @Strict OR missing = 0) AND units >= @MinUnits
        ORDER BY missing, units DESC, profile_id
        LIMIT @TopK
        """;

    public sealed record Row(string ProfileId, long Units, long Missing);

    public async Task<IReadOnlyList<Row>> RankAsync(NpgsqlConnection connection, IReadOnlyList<Requirement> requirements, MatchOptions options)
    {
        var reqIdx = new List<int>();
        var weight = new List<double>();
        var minLevel = new List<double>();
        var required = new List<bool>();
        var optIdx = new List<int>();
        var optSkill = new List<string>();
        var optExplicit = new List<bool>();
        var optOwn = new List<bool>();
        var optFactor = new List<double>();
        for (var i = 0; i < requirements.Count; i++)
        {
            var r = requirements[i];
            reqIdx.Add(i);
            weight.Add(r.Weight);
            minLevel.Add(ScoringRules.Quantize(r.MinLevel));
            required.Add(r.Required);
            var ordinal = taxonomy.OrdinalOf(r.Skill);
            if (ordinal < 0) continue;
            void Option(int skill, bool isExplicit, bool own, double factor)
            {
                optIdx.Add(i);
                optSkill.Add(taxonomy[skill].Id);
                optExplicit.Add(isExplicit);
                optOwn.Add(own);
                optFactor.Add(factor);
            }
            Option(ordinal, true, true, ScoringRules.ExactFactor);
            Option(ordinal, false, true, ScoringRules.ChildFactor);
            foreach (var p in taxonomy.ParentsOf(ordinal)) Option(p, true, false, ScoringRules.ParentFactor);
            foreach (var s in taxonomy.RelatedOf(ordinal)) Option(s, true, false, ScoringRules.RelatedFactor);
        }
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, new
        {
            ReqIdx = reqIdx.ToArray(),
            Weight = weight.ToArray(),
            MinLevel = minLevel.ToArray(),
            Required = required.ToArray(),
            OptIdx = optIdx.ToArray(),
            OptSkill = optSkill.ToArray(),
            OptExplicit = optExplicit.ToArray(),
            OptOwn = optOwn.ToArray(),
            OptFactor = optFactor.ToArray(),
            Total = ScoringRules.TotalWeight(requirements),
            ScoringRules.MeetShare,
            ScoringRules.DepthShare,
            RequiredCount = (long)requirements.Count(r => r.Required),
            options.Strict,
            MinUnits = (long)Math.Ceiling((options.MinScore ?? 0) * 10_000),
            options.TopK,
        }, commandTimeout: 0));
        return rows.ToList();
    }
}
