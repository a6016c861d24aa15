using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Matching.Api.Tests;

/// <summary>Every log entry the API writes, kept for assertions (e.g. no unhandled-exception errors).</summary>
public sealed class LogSink : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) sink._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception));
        }
    }
}
