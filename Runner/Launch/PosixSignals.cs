using System.Runtime.InteropServices;

namespace DumboFL.Runner.Launch;

/// <summary>
/// SIGTERM for a child process: .NET can only SIGKILL one (<c>Process.Kill</c>), and a node must get the chance
/// to shut down gracefully (flush its ledger, close its links) before that.
/// </summary>
internal static class PosixSignals
{
    private const int SigTerm = 15;

    public static bool Terminate(int pid) => OperatingSystem.IsWindows() ? false : NativeMethods.kill(pid, SigTerm) == 0;

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks in the Runner project; one blittable call does not need it.
        internal static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
    }
}
