using Matching.Core.Tests.Extraction;
using Xunit.Abstractions;

namespace Matching.Core.Tests.Taxonomy;

/// <summary>The real taxonomy read through the extractor's matcher: every spelling finds the skill it belongs to.</summary>
public sealed class TaxonomyAliasTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_alias_written_alone_resolves_to_its_own_skill()
    {
        var taxonomy = RealTaxonomy.Taxonomy;
        var matcher = RealTaxonomy.Extractor.Matcher;
        var problems = new List<string>();
        foreach (var skill in taxonomy.Skills)
            foreach (var alias in skill.Aliases)
            {
                var found = matcher.Resolve(alias.Text);
                if (found.Count == 0 || found[0].Skill.Id != skill.Id)
                    problems.Add($"{skill.Id}: '{alias.Text}' resolves to {(found.Count == 0 ? "nothing" : string.Join(", ", found.Select(f => f.Skill.Id)))}");
            }
        foreach (var p in problems) output.WriteLine(p);
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_alias_in_a_sentence_is_found_as_its_own_skill()
    {
        var taxonomy = RealTaxonomy.Taxonomy;
        var matcher = RealTaxonomy.Extractor.Matcher;
        var problems = new List<string>();
        foreach (var skill in taxonomy.Skills)
            foreach (var alias in skill.Aliases)
            {
                var text = $"Использую {alias.Text} каждый день.";
                var found = matcher.FindMentions(text);
                if (!found.Any(m => m.SkillId == skill.Id && text[m.Start..m.End].Contains(alias.Text.Trim('.'), StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"{skill.Id}: '{alias.Text}' is found as {(found.Count == 0 ? "nothing" : string.Join(", ", found.Select(f => f.SkillId)))}");
            }
        foreach (var p in problems) output.WriteLine(p);
        Assert.Empty(problems);
    }
}
