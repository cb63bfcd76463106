package dev.parley.store.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.store.StoredAccount;

/** The journal's binary form of a {@link Change}: a type byte, then the fields in declaration order. */
final class ChangeCodec {

    private static final byte ACCOUNT_INSERT = 1;
    private static final byte ACCOUNT_UPDATE = 2;
    private static final byte ACCOUNT_DELETE = 3;
    private static final byte BINDINGS_UPDATE = 4;
    private static final byte BINDINGS_DELETE_ALL = 5;
    private static final byte BINDINGS_DELETE_EXPIRED = 6;
    private static final byte SQL = 7;
    /** Parameter type tags of {@link SqlChange}: the index in {@link SqlChange#SUPPORTED}, or NULL_PARAMETER. */
    private static final byte NULL_PARAMETER = -1;

    private ChangeCodec() {
    }

    static byte[] encode(Change<?> change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (change instanceof AccountTable.Insert insert) {
                out.writeByte(ACCOUNT_INSERT);
                writeAccount(out, insert.account());
            } else if (change instanceof AccountTable.Update update) {
                out.writeByte(ACCOUNT_UPDATE);
                writeAccount(out, update.account());
            } else if (change instanceof AccountTable.Delete delete) {
                out.writeByte(ACCOUNT_DELETE);
                writeAddress(out, delete.address());
            } else if (change instanceof BindingTable.Update update) {
                out.writeByte(BINDINGS_UPDATE);
                writeAddress(out, update.aor());
                out.writeInt(update.upserts().size());
                for (Binding binding : update.upserts()) {
                    writeBinding(out, binding);
                }
                writeStrings(out, update.removedContacts());
            } else if (change instanceof BindingTable.DeleteAll deleteAll) {
                out.writeByte(BINDINGS_DELETE_ALL);
                writeAddress(out, deleteAll.aor());
            } else if (change instanceof BindingTable.DeleteExpired deleteExpired) {
                out.writeByte(BINDINGS_DELETE_EXPIRED);
                writeInstant(out, deleteExpired.now());
            } else if (change instanceof SqlChange sql) {
                out.writeByte(SQL);
                writeSql(out, sql);
            } else {
                throw new IllegalArgumentException("no journal form for " + change.getClass().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: writes to memory
        }
        return bytes.toByteArray();
    }

    static Change<?> decode(byte[] record) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
        byte type = in.readByte();
        return switch (type) {
            case ACCOUNT_INSERT -> new AccountTable.Insert(readAccount(in));
            case ACCOUNT_UPDATE -> new AccountTable.Update(readAccount(in));
            case ACCOUNT_DELETE -> new AccountTable.Delete(readAddress(in));
            case BINDINGS_UPDATE -> {
                SipAddress aor = readAddress(in);
                int count = in.readInt();
                List<Binding> upserts = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    upserts.add(readBinding(in));
                }
                yield new BindingTable.Update(aor, upserts, readStrings(in));
            }
            case BINDINGS_DELETE_ALL -> new BindingTable.DeleteAll(readAddress(in));
            case BINDINGS_DELETE_EXPIRED -> new BindingTable.DeleteExpired(readInstant(in));
            case SQL -> readSql(in);
            default -> throw new IOException("unknown journal record type " + type);
        };
    }

    private static void writeSql(DataOutputStream out, SqlChange change) throws IOException {
        out.writeInt(change.statements().size());
        for (SqlChange.Statement statement : change.statements()) {
            writeString(out, statement.sql());
            out.writeInt(statement.parameters().size());
            for (Object parameter : statement.parameters()) {
                writeParameter(out, parameter);
            }
        }
    }

    private static SqlChange readSql(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<SqlChange.Statement> statements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String sql = readString(in);
            int parameterCount = in.readInt();
            List<Object> parameters = new ArrayList<>(parameterCount);
            for (int p = 0; p < parameterCount; p++) {
                parameters.add(readParameter(in));
            }
            statements.add(new SqlChange.Statement(sql, parameters));
        }
        return new SqlChange(statements);
    }

    private static void writeParameter(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL_PARAMETER);
            return;
        }
        out.writeByte(SqlChange.SUPPORTED.indexOf(value.getClass()));
        if (value instanceof String string) {
            writeString(out, string);
        } else if (value instanceof Integer integer) {
            out.writeInt(integer);
        } else if (value instanceof Long number) {
            out.writeLong(number);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Double number) {
            out.writeDouble(number);
        } else if (value instanceof Instant instant) {
            writeInstant(out, instant);
        } else {
            byte[] bytes = (byte[]) value;
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static Object readParameter(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        if (tag == NULL_PARAMETER) {
            return null;
        }
        if (tag < 0 || tag >= SqlChange.SUPPORTED.size()) {
            throw new IOException("unknown SQL parameter type " + tag);
        }
        Class<?> type = SqlChange.SUPPORTED.get(tag);
        if (type == String.class) {
            return readString(in);
        } else if (type == Integer.class) {
            return in.readInt();
        } else if (type == Long.class) {
            return in.readLong();
        } else if (type == Boolean.class) {
            return in.readBoolean();
        } else if (type == Double.class) {
            return in.readDouble();
        } else if (type == Instant.class) {
            return readInstant(in);
        }
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeAccount(DataOutputStream out, StoredAccount account) throws IOException {
        writeAddress(out, account.address());
        writeString(out, account.displayName());
        writeString(out, account.ha1Md5());
        writeString(out, account.ha1Sha256());
        out.writeBoolean(account.enabled());
        writeInstant(out, account.created());
        writeInstant(out, account.updated());
    }

    private static StoredAccount readAccount(DataInputStream in) throws IOException {
        return new StoredAccount(readAddress(in), readString(in), readString(in), readString(in), in.readBoolean(),
                readInstant(in), readInstant(in));
    }

    private static void writeBinding(DataOutputStream out, Binding binding) throws IOException {
        writeAddress(out, binding.aor());
        writeString(out, binding.contact());
        writeInstant(out, binding.expiresAt());
        out.writeFloat(binding.q());
        writeString(out, binding.callId());
        out.writeLong(binding.cseq());
        writeString(out, binding.transport());
        writeString(out, binding.source());
        writeStrings(out, binding.path());
        writeNullable(out, binding.instanceId());
        out.writeInt(binding.regId());
        writeNullable(out, binding.userAgent());
        writeInstant(out, binding.updated());
    }

    private static Binding readBinding(DataInputStream in) throws IOException {
        return new Binding(readAddress(in), readString(in), readInstant(in), in.readFloat(), readString(in),
                in.readLong(), readString(in), readString(in), readStrings(in), readNullable(in), in.readInt(),
                readNullable(in), readInstant(in));
    }

    private static void writeAddress(DataOutputStream out, SipAddress address) throws IOException {
        writeString(out, address.user());
        writeString(out, address.domain());
    }

    private static SipAddress readAddress(DataInputStream in) throws IOException {
        return new SipAddress(readString(in), readString(in));
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readString(in));
        }
        return values;
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            writeString(out, value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    /** Length-prefixed UTF-8: unlike writeUTF, not limited to 64 KB. */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
