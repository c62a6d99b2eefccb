package dev.vigil.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * Entry point of the {@code vigil} command line. Exit codes: 0 done, 1 nothing could be loaded or
 * read (or an unexpected failure), 2 usage error. Run {@code vigil --help} for the commands.
 */
public final class Main {

    /**
     * Whether the command line runs as its own process ({@link #main}), so that {@code watch} may take over
     * SIGTERM and SIGINT (a shutdown hook) to finish cleanly; not when a test runs it in its own JVM.
     */
    static volatile boolean standalone;

    private Main() {
    }

    public static void main(String[] args) {
        standalone = true;
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            out.flush();
            err.println("vigil: " + Errors.describe(e));
            err.flush();
            Runtime.getRuntime().halt(1);
        });
        int code = commandLine().setOut(out).setErr(err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The command line with vigil's error handling: a usage error is one line on stderr and exit
     * code 2, a failure one line and exit code 1, never a stack trace. An argument starting with {@code @} is
     * taken as written, not as picocli's argument file ({@code explain --event @FILE} reads the file itself).
     */
    static CommandLine commandLine() {
        return new CommandLine(new VigilCommand())
                .setUnmatchedOptionsAllowedAsOptionParameters(false)
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler(Main::failure);
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        String message = Errors.firstLine(ex.getMessage());
        List<String> unmatched = cl.getUnmatchedArguments();
        if (ex instanceof MissingParameterException && !unmatched.isEmpty()) {
            message = (unmatched.get(0).startsWith("-") ? "Unknown option: '" : "Unexpected argument: '")
                    + unmatched.get(0) + "'";
        } else if (ex instanceof UnmatchedArgumentException && !cl.getSubcommands().isEmpty()
                && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
            message = "Unknown command: '" + unmatched.get(0) + "'";
        } else if (message.startsWith("Unknown option") && message.contains("; ")) {
            message = message.substring(0, message.indexOf("; "));
        }
        cl.getErr().println(TerminalText.escape(name + ": " + message + " (see '" + name + " --help')"));
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception ex, CommandLine cl, ParseResult parsed) {
        cl.getOut().flush();
        cl.getErr().println(TerminalText.escape(cl.getCommandSpec().qualifiedName() + ": " + Errors.describe(ex)));
        cl.getErr().flush();
        return 1;
    }
}
