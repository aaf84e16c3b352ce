package org.dirdb.sql;

/**
 * The standard SQLStates the driver raises. Only standard (SQL:2011 / X/Open / ODBC) codes are used, never
 * vendor codes, so tools that branch on the SQLState class (42 = syntax, 22 = data, 23 = integrity, 0A =
 * unsupported, 08 = connection) do the right thing.
 *
 * <p>A lock timeout is {@link #LOCK_TIMEOUT} ({@code 55P03}, "lock not available"): it says which resource
 * was busy, unlike the generic ODBC timeout {@code HYT00}, which {@link #QUERY_TIMEOUT} keeps for
 * statement timeouts.
 */
public enum SqlState {
    /** Syntax error or access rule violation; messages carry "line L, column C" when known. */
    SYNTAX_ERROR("42000"),
    /** Base table already exists (CREATE TABLE of an existing subdirectory). */
    TABLE_EXISTS("42S01"),
    /** Base table or view not found. */
    UNKNOWN_TABLE("42S02"),
    /** Column not found. */
    UNKNOWN_COLUMN("42S22"),
    /** Insert value list does not match column list. */
    VALUE_COUNT_MISMATCH("21S01"),
    /** A construct or method the driver does not support; the message names it. */
    FEATURE_NOT_SUPPORTED("0A000"),
    /** Unique (primary key) violation: the entry exists. */
    DUPLICATE("23505"),
    /** Not-null violation: a NULL name, or an entry that would have neither data nor meta. */
    NOT_NULL("23502"),
    /** Invalid JSON text. */
    INVALID_JSON("22032"),
    /** Invalid parameter value: a bad entry name. */
    INVALID_VALUE("22023"),
    /** String data right truncation: a value too large for the requested representation. */
    TOO_LONG("22001"),
    /** Invalid character value for cast: a conversion that cannot be made. */
    BAD_CONVERSION("22018"),
    /** Numeric value out of range. */
    OUT_OF_RANGE("22003"),
    /** Division by zero. */
    DIVISION_BY_ZERO("22012"),
    /** SUBSTRING with a negative length. */
    SUBSTRING_ERROR("22011"),
    /** The ESCAPE of LIKE is not one character. */
    INVALID_ESCAPE_CHARACTER("22019"),
    /** A LIKE pattern ends with its escape character. */
    INVALID_ESCAPE_SEQUENCE("22025"),
    /** LIMIT or FETCH FIRST with a negative or non-integer count. */
    INVALID_ROW_COUNT("2201W"),
    /** OFFSET with a negative or non-integer count. */
    INVALID_OFFSET("2201X"),
    /** Program limit exceeded: the SQL text is too long. */
    TOO_COMPLEX("54000"),
    /** System I/O error. */
    IO_ERROR("58030"),
    /** Lock not available within the lock timeout. */
    LOCK_TIMEOUT("55P03"),
    /** Statement timeout. */
    QUERY_TIMEOUT("HYT00"),
    /** The statement was cancelled. */
    CANCELLED("57014"),
    /** The connection does not exist (closed). */
    CONNECTION_CLOSED("08003"),
    /** The client could not establish the connection (e.g. the directory is missing). */
    CONNECTION_FAILED("08001"),
    /** A statement, result set or other object is closed or in the wrong state. */
    INVALID_STATE("24000"),
    /** Wrong number of parameters: a {@code ?} has no value. */
    WRONG_PARAMETER_COUNT("07001"),
    /** Invalid descriptor index: a parameter or column index out of range. */
    INVALID_INDEX("07009"),
    /** Invalid connection attribute (an unknown or malformed property). */
    INVALID_ATTRIBUTE("HY024"),
    /** A data exception: a file on disk is truncated or foreign. */
    DATA_EXCEPTION("22000"),
    /** The entry was replaced after a file-backed value was handed out; read it again. */
    CONFLICT("40001"),
    /** Invalid transaction state: commit or rollback in auto-commit mode. */
    INVALID_TRANSACTION_STATE("25000"),
    /** The database is read-only. */
    READ_ONLY("25006"),
    /** DROP of a table that holds more than dirdb entries (a nested table, foreign files). */
    DEPENDENT_OBJECTS("2BP01"),
    /** Anything else. */
    GENERAL("HY000");

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    /** The five-character SQLState. */
    public String code() {
        return code;
    }

    /** The two-character class ("42", "22", ...). */
    public String sqlClass() {
        return code.substring(0, 2);
    }
}
