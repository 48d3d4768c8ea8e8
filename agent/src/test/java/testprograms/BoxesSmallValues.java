package testprograms;

/**
 * Boxes small values before anything else does: the first boxing loads the JDK's cache class of
 * that type (Long$LongCache...), which the agent must weave without needing that class itself.
 */
public final class BoxesSmallValues {
    public static void main(String[] args) {
        Object[] boxed = {Long.valueOf(5), Integer.valueOf(5), Short.valueOf((short) 5), Byte.valueOf((byte) 5), Character.valueOf('5')};
        long sum = 0;
        for (Object o : boxed) {
            sum += o instanceof Character c ? c - '0' : ((Number) o).longValue();
        }
        System.out.println("sum " + sum);
    }
}
