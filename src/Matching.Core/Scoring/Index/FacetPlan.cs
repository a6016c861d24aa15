using System.Globalization;
using System.Numerics;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring.Index;

internal enum FacetKind { Country, City, Remote, Relocation, Languages, Tags, Skills, Custom }

/// <summary>
/// The facets one query counts, over every profile of its ranking: each partition counts the profiles its selection
/// marks in a chunk's ranking bitmap, by id into flat arrays (custom fields by value), and the counts are merged at the end.
/// </summary>
internal sealed class FacetPlan
{
    private readonly IndexState _state;
    private readonly SkillTaxonomy _taxonomy;
    public readonly (string Name, FacetKind Kind, int CustomKey)[] Facets;
    private readonly int[] _sizes;

    public FacetPlan(IndexState state, SkillTaxonomy taxonomy, IReadOnlyList<string> names)
    {
        _state = state;
        _taxonomy = taxonomy;
        var v = state.Vocabulary;
        Facets = names.Distinct(StringComparer.Ordinal).Select(name => name switch
        {
            MatchFacets.Country => (name, FacetKind.Country, 0),
            MatchFacets.City => (name, FacetKind.City, 0),
            MatchFacets.Remote => (name, FacetKind.Remote, 0),
            MatchFacets.Relocation => (name, FacetKind.Relocation, 0),
            MatchFacets.Languages => (name, FacetKind.Languages, 0),
            MatchFacets.Tags => (name, FacetKind.Tags, 0),
            MatchFacets.Skills => (name, FacetKind.Skills, 0),
            _ => (name, FacetKind.Custom, v.CustomKeys.Find(name[MatchFacets.CustomPrefix.Length..])),
        }).ToArray();
        _sizes = Facets.Select(f => f.Kind switch
        {
            FacetKind.Country => v.Countries.Count,
            FacetKind.City => v.Cities.Count,
            FacetKind.Remote or FacetKind.Relocation => 3,
            FacetKind.Languages => v.Languages.Count,
            FacetKind.Tags => v.Tags.Count,
            FacetKind.Skills => taxonomy.Count,
            _ => 0,
        }).ToArray();
    }

    public FacetCounts NewCounts() => new(this, _state, _sizes);

    public IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Result(IEnumerable<FacetCounts?> parts, int size)
    {
        var all = parts.Where(p => p is not null).ToList();
        var v = _state.Vocabulary;
        var result = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        for (var f = 0; f < Facets.Length; f++)
        {
            var (name, kind, key) = Facets[f];
            var values = new List<FacetValue>();
            if (kind == FacetKind.Custom)
            {
                var merged = new Dictionary<(CustomFieldType, double), int>();
                foreach (var p in all)
                    foreach (var (value, count) in p!.Custom[f]!)
                        merged[value] = merged.GetValueOrDefault(value) + count;
                var texts = v.FindCustomTexts(key);
                foreach (var ((type, value), count) in merged)
                    values.Add(new FacetValue(type switch
                    {
                        CustomFieldType.String => texts?.ValueOf((int)value) ?? "",
                        CustomFieldType.Number => value.ToString("R", CultureInfo.InvariantCulture),
                        _ => DateOnly.FromDayNumber((int)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    }, count));
            }
            else
            {
                var counts = new int[_sizes[f]];
                foreach (var p in all)
                {
                    var c = p!.Counts[f]!;
                    for (var i = 0; i < counts.Length; i++) counts[i] += c[i];
                }
                for (var id = 0; id < counts.Length; id++)
                {
                    if (counts[id] == 0) continue;
                    var value = kind switch
                    {
                        FacetKind.Country => v.Countries.ValueOf(id),
                        FacetKind.City => v.Cities.ValueOf(id),
                        FacetKind.Remote or FacetKind.Relocation => id == 2 ? "true" : id == 1 ? "false" : null,
                        FacetKind.Languages => v.Languages.ValueOf(id),
                        FacetKind.Tags => v.Tags.ValueOf(id),
                        _ => _taxonomy[id].Id,
                    };
                    if (value is not null && (id > 0 || kind == FacetKind.Skills)) values.Add(new FacetValue(value, counts[id]));
                }
            }
            values.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Value, b.Value));
            result[name] = values.Count > size ? values.GetRange(0, size) : values;
        }
        return result;
    }
}

/// <summary>One partition's facet counts.</summary>
internal sealed class FacetCounts
{
    private readonly FacetPlan _plan;
    private readonly IndexState _state;
    public readonly int[]?[] Counts;
    public readonly Dictionary<(CustomFieldType, double), int>?[] Custom;
    private int[]? _skills;

    public FacetCounts(FacetPlan plan, IndexState state, int[] sizes)
    {
        _plan = plan;
        _state = state;
        Counts = new int[]?[sizes.Length];
        Custom = new Dictionary<(CustomFieldType, double), int>?[sizes.Length];
        for (var f = 0; f < sizes.Length; f++)
        {
            if (plan.Facets[f].Kind == FacetKind.Custom) Custom[f] = [];
            else Counts[f] = new int[sizes[f]];
        }
    }

    /// <summary>Counts the base ordinals blockLo + i whose bit i is set in <paramref name="ranking"/>.</summary>
    public void CountBase(ReadOnlySpan<ulong> ranking, int chunk, int blockLo, int blockHi, int ranked)
    {
        if (ranked == 0) return;
        var c = _state.Base.Attributes;
        var words = (blockHi - blockLo + 63) >> 6;
        ranking = ranking[..words];
        for (var f = 0; f < Counts.Length; f++)
        {
            var (_, kind, key) = _plan.Facets[f];
            var counts = Counts[f];
            // Tags and languages: by the value sets when the ranking is dense enough in this chunk, else per profile.
            if (kind is FacetKind.Tags or FacetKind.Languages)
            {
                var sets = kind == FacetKind.Tags ? c.TagSets : c.LanguageSets;
                var perProfile = (kind == FacetKind.Tags ? c.TagIds.Length : c.LanguageCodes.Length) / (double)Math.Max(1, c.Count);
                if (ranked * perProfile * 4 > sets.Values * (double)words)
                {
                    for (var value = 1; value < sets.Values; value++)
                    {
                        if (sets.CountOf(value) == 0) continue;
                        var n = sets.CountIn(value, chunk, ranking);
                        if (n > 0) counts![kind == FacetKind.Tags ? value : value / AttributeRow.LevelSlots] += n;
                    }
                    continue;
                }
            }
            for (var w = 0; w < words; w++)
            {
                var word = ranking[w];
                while (word != 0)
                {
                    var o = blockLo + (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    switch (kind)
                    {
                        case FacetKind.Country: counts![c.Country[o]]++; break;
                        case FacetKind.City: counts![c.City[o]]++; break;
                        case FacetKind.Remote: counts![c.Flags[o] & 3]++; break;
                        case FacetKind.Relocation: counts![(c.Flags[o] >> 2) & 3]++; break;
                        case FacetKind.Tags:
                            for (var k = c.TagStarts[o]; k < c.TagStarts[o + 1]; k++) counts![c.TagIds[k]]++;
                            break;
                        case FacetKind.Languages:
                            for (var k = c.LanguageStarts[o]; k < c.LanguageStarts[o + 1]; k++) counts![c.LanguageCodes[k] / AttributeRow.LevelSlots]++;
                            break;
                        case FacetKind.Skills: CountSkills(_state.Base.Vectors[o], counts!); break;
                        default:
                            if (key > 0 && key < c.Custom.Length && c.Custom[key] is { } column && column.Types[o] != 0)
                            {
                                var d = Custom[f]!;
                                var k = ((CustomFieldType)(column.Types[o] - 1), column.Values[o]);
                                d[k] = d.GetValueOrDefault(k) + 1;
                            }
                            break;
                    }
                }
            }
        }
    }

    /// <summary>Counts one delta profile of the ranking.</summary>
    public void CountRow(int ordinal)
    {
        var row = _state.AttributesOf(ordinal);
        for (var f = 0; f < Counts.Length; f++)
        {
            var (_, kind, key) = _plan.Facets[f];
            var counts = Counts[f];
            switch (kind)
            {
                case FacetKind.Country: counts![row.Country]++; break;
                case FacetKind.City: counts![row.City]++; break;
                case FacetKind.Remote: counts![row.Flags & 3]++; break;
                case FacetKind.Relocation: counts![(row.Flags >> 2) & 3]++; break;
                case FacetKind.Tags:
                    foreach (var t in row.Tags) counts![t]++;
                    break;
                case FacetKind.Languages:
                    foreach (var l in row.Languages) counts![l / AttributeRow.LevelSlots]++;
                    break;
                case FacetKind.Skills: CountSkills(_state.VectorOf(ordinal), counts!); break;
                default:
                    foreach (var cell in row.Custom)
                        if (cell.Key == key && key > 0)
                        {
                            var d = Custom[f]!;
                            d[(cell.Type, cell.Value)] = d.GetValueOrDefault((cell.Type, cell.Value)) + 1;
                        }
                    break;
            }
        }
    }

    private void CountSkills(ReadOnlySpan<byte> vector, int[] counts)
    {
        var buffer = _skills ??= new int[counts.Length];
        var n = VectorEntries.PositiveSkills(vector, buffer);
        for (var i = 0; i < n; i++) counts[buffer[i]]++;
    }
}
