package org.dirdb.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a forward-only, read-only result set refuses: every update method, scrolling, and the value types
 * dirdb never produces (REF, ARRAY, ROWID, SQLXML, URL, CLOB, ASCII streams). Each raises
 * {@link java.sql.SQLFeatureNotSupportedException} naming the method, after the closed check (a closed
 * result set raises its own SQLException first).
 */
abstract class ReadOnlyResultSet implements ResultSet {

    abstract void checkOpen() throws SQLException;

    private SQLException refuse(String method) throws SQLException {
        checkOpen();
        boolean scroll = method.equals("previous") || method.equals("first") || method.equals("last")
                || method.equals("absolute") || method.equals("relative") || method.equals("beforeFirst")
                || method.equals("afterLast") || method.equals("isLast");
        String why = method.startsWith("update") || method.startsWith("row") || method.endsWith("Row")
                || method.endsWith("RowUpdates") ? " (result sets are read-only)"
                : scroll ? " (result sets are forward-only)" : "";
        return Errors.unsupported("ResultSet." + method + why);
    }

    @Override public java.io.InputStream getAsciiStream(int a0) throws SQLException { throw refuse("getAsciiStream"); }
    @Override @Deprecated public java.io.InputStream getUnicodeStream(int a0) throws SQLException { throw refuse("getUnicodeStream"); }
    @Override public java.io.InputStream getAsciiStream(String a0) throws SQLException { throw refuse("getAsciiStream"); }
    @Override @Deprecated public java.io.InputStream getUnicodeStream(String a0) throws SQLException { throw refuse("getUnicodeStream"); }
    @Override public String getCursorName() throws SQLException { throw refuse("getCursorName"); }
    @Override public boolean isLast() throws SQLException { throw refuse("isLast"); }
    @Override public void beforeFirst() throws SQLException { throw refuse("beforeFirst"); }
    @Override public void afterLast() throws SQLException { throw refuse("afterLast"); }
    @Override public boolean first() throws SQLException { throw refuse("first"); }
    @Override public boolean last() throws SQLException { throw refuse("last"); }
    @Override public boolean absolute(int a0) throws SQLException { throw refuse("absolute"); }
    @Override public boolean relative(int a0) throws SQLException { throw refuse("relative"); }
    @Override public boolean previous() throws SQLException { throw refuse("previous"); }
    @Override public boolean rowUpdated() throws SQLException { throw refuse("rowUpdated"); }
    @Override public boolean rowInserted() throws SQLException { throw refuse("rowInserted"); }
    @Override public boolean rowDeleted() throws SQLException { throw refuse("rowDeleted"); }
    @Override public void updateNull(int a0) throws SQLException { throw refuse("updateNull"); }
    @Override public void updateObject(int a0, Object a1, java.sql.SQLType a2, int a3) throws SQLException { throw refuse("updateObject"); }
    @Override public void updateObject(String a0, Object a1, java.sql.SQLType a2, int a3) throws SQLException { throw refuse("updateObject"); }
    @Override public void updateObject(int a0, Object a1, java.sql.SQLType a2) throws SQLException { throw refuse("updateObject"); }
    @Override public void updateObject(String a0, Object a1, java.sql.SQLType a2) throws SQLException { throw refuse("updateObject"); }
    @Override public void updateBoolean(int a0, boolean a1) throws SQLException { throw refuse("updateBoolean"); }
    @Override public void updateByte(int a0, byte a1) throws SQLException { throw refuse("updateByte"); }
    @Override public void updateShort(int a0, short a1) throws SQLException { throw refuse("updateShort"); }
    @Override public void updateInt(int a0, int a1) throws SQLException { throw refuse("updateInt"); }
    @Override public void updateLong(int a0, long a1) throws SQLException { throw refuse("updateLong"); }
    @Override public void updateFloat(int a0, float a1) throws SQLException { throw refuse("updateFloat"); }
    @Override public void updateDouble(int a0, double a1) throws SQLException { throw refuse("updateDouble"); }
    @Override public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException { throw refuse("updateBigDecimal"); }
    @Override public void updateString(int a0, String a1) throws SQLException { throw refuse("updateString"); }
    @Override public void updateBytes(int a0, byte[] a1) throws SQLException { throw refuse("updateBytes"); }
    @Override public void updateDate(int a0, java.sql.Date a1) throws SQLException { throw refuse("updateDate"); }
    @Override public void updateTime(int a0, java.sql.Time a1) throws SQLException { throw refuse("updateTime"); }
    @Override public void updateTimestamp(int a0, java.sql.Timestamp a1) throws SQLException { throw refuse("updateTimestamp"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException { throw refuse("updateAsciiStream"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException { throw refuse("updateBinaryStream"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException { throw refuse("updateCharacterStream"); }
    @Override public void updateObject(int a0, Object a1, int a2) throws SQLException { throw refuse("updateObject"); }
    @Override public void updateObject(int a0, Object a1) throws SQLException { throw refuse("updateObject"); }
    @Override public void updateNull(String a0) throws SQLException { throw refuse("updateNull"); }
    @Override public void updateBoolean(String a0, boolean a1) throws SQLException { throw refuse("updateBoolean"); }
    @Override public void updateByte(String a0, byte a1) throws SQLException { throw refuse("updateByte"); }
    @Override public void updateShort(String a0, short a1) throws SQLException { throw refuse("updateShort"); }
    @Override public void updateInt(String a0, int a1) throws SQLException { throw refuse("updateInt"); }
    @Override public void updateLong(String a0, long a1) throws SQLException { throw refuse("updateLong"); }
    @Override public void updateFloat(String a0, float a1) throws SQLException { throw refuse("updateFloat"); }
    @Override public void updateDouble(String a0, double a1) throws SQLException { throw refuse("updateDouble"); }
    @Override public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException { throw refuse("updateBigDecimal"); }
    @Override public void updateString(String a0, String a1) throws SQLException { throw refuse("updateString"); }
    @Override public void updateBytes(String a0, byte[] a1) throws SQLException { throw refuse("updateBytes"); }
    @Override public void updateDate(String a0, java.sql.Date a1) throws SQLException { throw refuse("updateDate"); }
    @Override public void updateTime(String a0, java.sql.Time a1) throws SQLException { throw refuse("updateTime"); }
    @Override public void updateTimestamp(String a0, java.sql.Timestamp a1) throws SQLException { throw refuse("updateTimestamp"); }
    @Override public void updateAsciiStream(String a0, java.io.InputStream a1, int a2) throws SQLException { throw refuse("updateAsciiStream"); }
    @Override public void updateBinaryStream(String a0, java.io.InputStream a1, int a2) throws SQLException { throw refuse("updateBinaryStream"); }
    @Override public void updateCharacterStream(String a0, java.io.Reader a1, int a2) throws SQLException { throw refuse("updateCharacterStream"); }
    @Override public void updateObject(String a0, Object a1, int a2) throws SQLException { throw refuse("updateObject"); }
    @Override public void updateObject(String a0, Object a1) throws SQLException { throw refuse("updateObject"); }
    @Override public void insertRow() throws SQLException { throw refuse("insertRow"); }
    @Override public void updateRow() throws SQLException { throw refuse("updateRow"); }
    @Override public void deleteRow() throws SQLException { throw refuse("deleteRow"); }
    @Override public void refreshRow() throws SQLException { throw refuse("refreshRow"); }
    @Override public void cancelRowUpdates() throws SQLException { throw refuse("cancelRowUpdates"); }
    @Override public void moveToInsertRow() throws SQLException { throw refuse("moveToInsertRow"); }
    @Override public void moveToCurrentRow() throws SQLException { throw refuse("moveToCurrentRow"); }
    @Override public java.sql.Ref getRef(int a0) throws SQLException { throw refuse("getRef"); }
    @Override public java.sql.Clob getClob(int a0) throws SQLException { throw refuse("getClob"); }
    @Override public java.sql.Array getArray(int a0) throws SQLException { throw refuse("getArray"); }
    @Override public java.sql.Ref getRef(String a0) throws SQLException { throw refuse("getRef"); }
    @Override public java.sql.Clob getClob(String a0) throws SQLException { throw refuse("getClob"); }
    @Override public java.sql.Array getArray(String a0) throws SQLException { throw refuse("getArray"); }
    @Override public java.net.URL getURL(int a0) throws SQLException { throw refuse("getURL"); }
    @Override public java.net.URL getURL(String a0) throws SQLException { throw refuse("getURL"); }
    @Override public void updateRef(int a0, java.sql.Ref a1) throws SQLException { throw refuse("updateRef"); }
    @Override public void updateRef(String a0, java.sql.Ref a1) throws SQLException { throw refuse("updateRef"); }
    @Override public void updateBlob(int a0, java.sql.Blob a1) throws SQLException { throw refuse("updateBlob"); }
    @Override public void updateBlob(String a0, java.sql.Blob a1) throws SQLException { throw refuse("updateBlob"); }
    @Override public void updateClob(int a0, java.sql.Clob a1) throws SQLException { throw refuse("updateClob"); }
    @Override public void updateClob(String a0, java.sql.Clob a1) throws SQLException { throw refuse("updateClob"); }
    @Override public void updateArray(int a0, java.sql.Array a1) throws SQLException { throw refuse("updateArray"); }
    @Override public void updateArray(String a0, java.sql.Array a1) throws SQLException { throw refuse("updateArray"); }
    @Override public java.sql.RowId getRowId(int a0) throws SQLException { throw refuse("getRowId"); }
    @Override public java.sql.RowId getRowId(String a0) throws SQLException { throw refuse("getRowId"); }
    @Override public void updateRowId(int a0, java.sql.RowId a1) throws SQLException { throw refuse("updateRowId"); }
    @Override public void updateRowId(String a0, java.sql.RowId a1) throws SQLException { throw refuse("updateRowId"); }
    @Override public void updateNString(int a0, String a1) throws SQLException { throw refuse("updateNString"); }
    @Override public void updateNString(String a0, String a1) throws SQLException { throw refuse("updateNString"); }
    @Override public void updateNClob(int a0, java.sql.NClob a1) throws SQLException { throw refuse("updateNClob"); }
    @Override public void updateNClob(String a0, java.sql.NClob a1) throws SQLException { throw refuse("updateNClob"); }
    @Override public java.sql.NClob getNClob(int a0) throws SQLException { throw refuse("getNClob"); }
    @Override public java.sql.NClob getNClob(String a0) throws SQLException { throw refuse("getNClob"); }
    @Override public java.sql.SQLXML getSQLXML(int a0) throws SQLException { throw refuse("getSQLXML"); }
    @Override public java.sql.SQLXML getSQLXML(String a0) throws SQLException { throw refuse("getSQLXML"); }
    @Override public void updateSQLXML(int a0, java.sql.SQLXML a1) throws SQLException { throw refuse("updateSQLXML"); }
    @Override public void updateSQLXML(String a0, java.sql.SQLXML a1) throws SQLException { throw refuse("updateSQLXML"); }
    @Override public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException { throw refuse("updateNCharacterStream"); }
    @Override public void updateNCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException { throw refuse("updateNCharacterStream"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException { throw refuse("updateAsciiStream"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException { throw refuse("updateBinaryStream"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException { throw refuse("updateCharacterStream"); }
    @Override public void updateAsciiStream(String a0, java.io.InputStream a1, long a2) throws SQLException { throw refuse("updateAsciiStream"); }
    @Override public void updateBinaryStream(String a0, java.io.InputStream a1, long a2) throws SQLException { throw refuse("updateBinaryStream"); }
    @Override public void updateCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException { throw refuse("updateCharacterStream"); }
    @Override public void updateBlob(int a0, java.io.InputStream a1, long a2) throws SQLException { throw refuse("updateBlob"); }
    @Override public void updateBlob(String a0, java.io.InputStream a1, long a2) throws SQLException { throw refuse("updateBlob"); }
    @Override public void updateClob(int a0, java.io.Reader a1, long a2) throws SQLException { throw refuse("updateClob"); }
    @Override public void updateClob(String a0, java.io.Reader a1, long a2) throws SQLException { throw refuse("updateClob"); }
    @Override public void updateNClob(int a0, java.io.Reader a1, long a2) throws SQLException { throw refuse("updateNClob"); }
    @Override public void updateNClob(String a0, java.io.Reader a1, long a2) throws SQLException { throw refuse("updateNClob"); }
    @Override public void updateNCharacterStream(int a0, java.io.Reader a1) throws SQLException { throw refuse("updateNCharacterStream"); }
    @Override public void updateNCharacterStream(String a0, java.io.Reader a1) throws SQLException { throw refuse("updateNCharacterStream"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1) throws SQLException { throw refuse("updateAsciiStream"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1) throws SQLException { throw refuse("updateBinaryStream"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1) throws SQLException { throw refuse("updateCharacterStream"); }
    @Override public void updateAsciiStream(String a0, java.io.InputStream a1) throws SQLException { throw refuse("updateAsciiStream"); }
    @Override public void updateBinaryStream(String a0, java.io.InputStream a1) throws SQLException { throw refuse("updateBinaryStream"); }
    @Override public void updateCharacterStream(String a0, java.io.Reader a1) throws SQLException { throw refuse("updateCharacterStream"); }
    @Override public void updateBlob(int a0, java.io.InputStream a1) throws SQLException { throw refuse("updateBlob"); }
    @Override public void updateBlob(String a0, java.io.InputStream a1) throws SQLException { throw refuse("updateBlob"); }
    @Override public void updateClob(int a0, java.io.Reader a1) throws SQLException { throw refuse("updateClob"); }
    @Override public void updateClob(String a0, java.io.Reader a1) throws SQLException { throw refuse("updateClob"); }
    @Override public void updateNClob(int a0, java.io.Reader a1) throws SQLException { throw refuse("updateNClob"); }
    @Override public void updateNClob(String a0, java.io.Reader a1) throws SQLException { throw refuse("updateNClob"); }
}
