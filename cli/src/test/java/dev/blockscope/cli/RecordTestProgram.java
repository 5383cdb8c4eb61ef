package dev.blockscope.cli;

/** The program {@link RecordCommandTest} records: prints a line on stdout, exits with the code it is given (0 without one). */
public final class RecordTestProgram {
    private RecordTestProgram() {}

    public static void main(String[] args) {
        System.out.println("hello from the program");
        System.out.flush();
        System.exit(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    }
}
