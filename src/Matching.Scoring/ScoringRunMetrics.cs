using System.Diagnostics.Metrics;

using Matching.Data;

namespace Matching.Scoring;

/// <summary>
/// Scoring-run throughput on the process's <c>Matching</c> meter, the same instruments whether the run was started by
/// the API (<c>POST /scoring-runs</c>) or by the nightly program: runs by status, jobs scored, results written, and
/// each run's duration.
/// </summary>
public sealed class ScoringRunMetrics
{
    private readonly Counter<long> _runs;
    private readonly Counter<long> _jobs;
    private readonly Counter<long> _results;
    private readonly Histogram<double> _duration;

    public ScoringRunMetrics(Meter meter)
    {
        _runs = meter.CreateCounter<long>("matching.scoring.runs", "{run}", "Scoring runs finished, by status.");
        _jobs = meter.CreateCounter<long>("matching.scoring.jobs", "{job}", "Jobs ranked over every profile by scoring runs.");
        _results = meter.CreateCounter<long>("matching.scoring.results", "{result}", "Places of stored top-N lists written by scoring runs.");
        _duration = meter.CreateHistogram<double>("matching.scoring.duration", "s", "Time one scoring run took, by status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });
    }

    /// <summary>Counts a finished run (a dry run is not one).</summary>
    public void Finished(RunReport report)
    {
        if (report.DryRun) return;
        var status = new KeyValuePair<string, object?>("status", report.Status.ToLowerInvariant());
        _runs.Add(1, status);
        _jobs.Add(report.JobsScored);
        _results.Add(report.Results);
        _duration.Record(report.Elapsed.TotalSeconds, status);
    }
}
