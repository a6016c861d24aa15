using Matching.Core.Extraction;
using Xunit.Abstractions;

namespace Matching.Core.Tests.Extraction;

// THROWAWAY: dumps the analysis of corpus files named in DUMP (comma-separated prefixes).
public sealed class ZzDebugDump(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        var which = Environment.GetEnvironmentVariable("DUMP");
        if (string.IsNullOrEmpty(which)) return;
        var tax = RealTaxonomy.Taxonomy;
        var ex = RealTaxonomy.Extractor;
        foreach (var file in CorpusQualityTests.Files().Where(f => which.Split(',').Any(w => f.Name.StartsWith(w))))
        {
            output.WriteLine($"===== {file.Name}");
            foreach (var s in Sections.Split(file.Questionnaire))
            {
                var a = SectionAnalysis.Run(s, ex.Matcher);
                output.WriteLine($"--- [{s.Name}] traits={s.Traits} exp={s.Experience} kind={s.ExperienceKind}");
                foreach (var c in a.Clauses)
                {
                    var text = s.Source[a.Tokens[c.First].Start..a.Tokens[c.End - 1].End];
                    var cues = string.Join(" ", c.Cues.Select(h => $"{h.Kind}:{a.Quote(h)}"));
                    output.WriteLine($"  s{c.Sentence} {(c.Conjunction ? "C" : " ")}{(c.Bare ? "B" : " ")} «{text}»  {cues}");
                    foreach (var mi in c.Mentions)
                    {
                        var m = a.Mentions[mi];
                        output.WriteLine($"      -> {tax[m.Candidate.Ordinal].Id} '{m.Candidate.Entry.Text}' ctx={m.ContextOk} neg={m.Negated} cap={m.Cap} where={m.Where} strong={m.Strong} yrs={m.Years} lvl={m.Level:0.00}");
                    }
                }
            }
        }
    }
}
