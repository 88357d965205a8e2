"""PostgreSQL: an activity's reservation as one statement (``catalog_hold_in_activity``)

Revision ID: f2a6d9c3e8b1
Revises: e7c4a1f9b2d6
Create Date: 2026-12-06 06:40:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'f2a6d9c3e8b1'
down_revision: str | None = 'e7c4a1f9b2d6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What ``services/catalog/inventory.py``'s transaction of an activity's reservation does, step by step and in
# the same order (so its locks are taken in the same order, and the two ways never wait on each other in a
# circle), run by the server as one statement: the rows it locks — the buyer's lock, a capped activity's row,
# the SKU's row that every buyer of the product updates — are held only while it runs, never while the
# service's event loop gets round to sending the next statement or COMMIT.  Each statement of a VOLATILE
# function sees what was committed before it began (READ COMMITTED), so the units counted after the locks
# include every reservation that held them, as the transaction's next statement did.  Anything it does not
# take raises a check violation (the whole statement undone) and the service asks again the general way, which
# says why; a row the order holds already breaks the unique key, as the transaction's insert did.
HOLD_IN_ACTIVITY = """
CREATE OR REPLACE FUNCTION catalog_hold_in_activity(
    p_order_id varchar, p_sku_id integer, p_units integer, p_activity_id integer, p_user_id integer,
    p_at timestamptz, p_buyer_lock bigint) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    v_activity record;
    v_cap integer;
    v_limit integer;
    v_units bigint;
BEGIN
    INSERT INTO reservation (order_id, sku_id, quantity, activity_id, user_id, status, created_at, updated_at)
    VALUES (p_order_id, p_sku_id, p_units, p_activity_id, p_user_id, 'reserved', p_at, p_at);
    PERFORM pg_advisory_xact_lock(p_buyer_lock);
    SELECT a.sku_id, a.starts_at, a.ends_at, a.cancelled, a.terms, p.kind INTO v_activity
    FROM activity a JOIN sku s ON s.id = a.sku_id JOIN product p ON p.id = s.product_id
    WHERE a.id = p_activity_id;
    IF v_activity.cancelled OR p_at < v_activity.starts_at OR p_at >= v_activity.ends_at
            OR v_activity.sku_id <> p_sku_id OR v_activity.kind = 'bundle' THEN
        RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation';
    END IF;
    v_cap := coalesce((v_activity.terms ->> 'stock')::integer, (v_activity.terms ->> 'stock_limit')::integer);
    IF v_cap IS NOT NULL THEN
        -- Every buyer shares its stock: its row serialises the check (FOR NO KEY UPDATE: the rows written
        -- first hold a key share of it).  Its terms as they stand once locked.
        SELECT a.terms INTO v_activity.terms FROM activity a WHERE a.id = p_activity_id FOR NO KEY UPDATE;
        v_cap := coalesce((v_activity.terms ->> 'stock')::integer,
                          (v_activity.terms ->> 'stock_limit')::integer);
    END IF;
    v_limit := (v_activity.terms ->> 'per_user_limit')::integer;
    IF v_limit IS NULL THEN
        RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation';
    END IF;
    UPDATE sku SET stock = stock - p_units, updated_at = p_at WHERE id = p_sku_id AND stock >= p_units;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation';
    END IF;
    IF v_cap IS NOT NULL THEN
        SELECT coalesce(sum(quantity), 0) INTO v_units FROM reservation
        WHERE activity_id = p_activity_id AND (status = 'reserved' OR status = 'committed');
        IF v_units > v_cap THEN
            RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    SELECT coalesce(sum(quantity), 0) INTO v_units FROM reservation
    WHERE user_id = p_user_id AND activity_id = p_activity_id AND (status = 'reserved' OR status = 'committed');
    IF v_units > v_limit THEN
        RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation';
    END IF;
    RETURN 1;
END
$fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(HOLD_IN_ACTIVITY)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS catalog_hold_in_activity(varchar, integer, integer, integer, integer, '
                   'timestamptz, bigint)')
