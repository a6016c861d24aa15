using Matching.Nightly;

return await NightlyCommand.InvokeAsync(args);
