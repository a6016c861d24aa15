using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Matching.Core.Taxonomy;

/// <summary>
/// The effective taxonomy in the shipped file's format: the shipped document (notes, context rules and cues kept as
/// written) with each skill's aliases and external ids as they are now, and the custom skills after the shipped ones.
/// <see cref="SkillTaxonomy.Load"/> reads it back to the same skills.
/// </summary>
public static class TaxonomyExport
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ReadOnlySpan<byte> shippedJson, SkillTaxonomy effective)
    {
        var document = JsonNode.Parse(shippedJson, documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            })?.AsObject()
            ?? throw new InvalidDataException("The shipped taxonomy file is empty.");
        document["version"] = effective.Version;
        var skills = document["skills"]?.AsArray() ?? [];
        var shipped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in skills.OfType<JsonObject>())
        {
            var id = node["id"]?.GetValue<string>() ?? "";
            shipped.Add(id);
            if (effective.Find(id) is not { } skill) continue;
            var wanted = skill.Aliases.Select(a => a.Text).ToHashSet(StringComparer.Ordinal);
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var language in new[] { "en", "ru" })
            {
                var kept = new JsonArray();
                foreach (var item in node[language]?.AsArray() ?? [])
                {
                    var text = item is JsonObject rule ? rule["alias"]?.GetValue<string>() : item?.GetValue<string>();
                    if (text is null || !wanted.Contains(text)) continue;
                    written.Add(text);
                    kept.Add(item!.DeepClone());
                }
                foreach (var added in skill.Aliases.Where(a => a.Language == language && !written.Contains(a.Text)))
                {
                    written.Add(added.Text);
                    kept.Add(added.Text);
                }
                node[language] = kept;
            }
            if (skill.ExternalIds.Count > 0) node["externalIds"] = ExternalIds(skill);
            else node.Remove("externalIds");
        }
        foreach (var skill in effective.Skills.Where(s => !shipped.Contains(s.Id)))
        {
            var node = new JsonObject
            {
                ["id"] = skill.Id,
                ["name"] = skill.Name,
                ["category"] = skill.Category,
                ["parents"] = new JsonArray(skill.Parents.Select(p => (JsonNode?)p).ToArray()),
                ["related"] = new JsonArray(skill.Related.Select(r => (JsonNode?)r).ToArray()),
                ["en"] = new JsonArray(skill.Aliases.Where(a => a.Language != "ru").Select(a => (JsonNode?)a.Text).ToArray()),
                ["ru"] = new JsonArray(skill.Aliases.Where(a => a.Language == "ru").Select(a => (JsonNode?)a.Text).ToArray()),
                ["custom"] = true,
            };
            if (skill.ExternalIds.Count > 0) node["externalIds"] = ExternalIds(skill);
            skills.Add(node);
        }
        return document.ToJsonString(Indented);
    }

    private static JsonObject ExternalIds(SkillDefinition skill)
    {
        var ids = new JsonObject();
        foreach (var (system, value) in skill.ExternalIds.OrderBy(kv => kv.Key, StringComparer.Ordinal)) ids[system] = value;
        return ids;
    }
}

/// <summary>What differs between two versions of the taxonomy, skill by skill.</summary>
public sealed record TaxonomyDiff(
    string From,
    string To,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<SkillDiff> Changed)
{
    public static TaxonomyDiff Between(SkillTaxonomy from, SkillTaxonomy to)
    {
        var added = to.Skills.Where(s => !from.Contains(s.Id)).Select(s => s.Id).ToList();
        var removed = from.Skills.Where(s => !to.Contains(s.Id)).Select(s => s.Id).ToList();
        var changed = new List<SkillDiff>();
        foreach (var before in from.Skills)
        {
            if (to.Find(before.Id) is not { } after || ReferenceEquals(before, after)) continue;
            var aliasesBefore = before.Aliases.Select(a => a.Text).ToList();
            var aliasesAfter = after.Aliases.Select(a => a.Text).ToList();
            var fields = new List<string>();
            if (before.Name != after.Name) fields.Add("name");
            if (before.Category != after.Category) fields.Add("category");
            if (!before.Parents.SequenceEqual(after.Parents)) fields.Add("parents");
            if (!before.Related.SequenceEqual(after.Related)) fields.Add("related");
            if (!before.ExternalIds.OrderBy(kv => kv.Key).SequenceEqual(after.ExternalIds.OrderBy(kv => kv.Key))) fields.Add("externalIds");
            var gained = aliasesAfter.Except(aliasesBefore, StringComparer.Ordinal).ToList();
            var lost = aliasesBefore.Except(aliasesAfter, StringComparer.Ordinal).ToList();
            if (gained.Count > 0 || lost.Count > 0 || fields.Count > 0)
                changed.Add(new SkillDiff(before.Id, gained, lost, fields));
        }
        return new TaxonomyDiff(from.Version, to.Version, added, removed, changed);
    }
}

/// <summary>One skill in both versions: the aliases it gained and lost, and which other fields changed.</summary>
public sealed record SkillDiff(string Id, IReadOnlyList<string> AddedAliases, IReadOnlyList<string> RemovedAliases, IReadOnlyList<string> Fields);
