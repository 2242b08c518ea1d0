using CoBrowse.LocalStack;

await using var stack = await LocalStackHost.StartAsync(args);
Console.WriteLine($"CoBrowse local stack is listening on {stack.Url} (Ctrl+C to stop).");
await stack.WaitForShutdownAsync();
