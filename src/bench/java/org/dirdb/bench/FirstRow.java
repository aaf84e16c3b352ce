package org.dirdb.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** W5's child JVM: connect, run {@code SELECT name FROM db}, print the first row, exit. Nothing else. */
public final class FirstRow {
    private FirstRow() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM db")) {
            System.out.println(rs.next() ? "FIRST " + rs.getString(1) : "EMPTY");
            System.out.flush();
        }
    }
}
