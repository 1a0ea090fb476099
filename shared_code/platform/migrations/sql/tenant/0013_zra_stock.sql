-- ZRA stock: the quantity on hand of stock-tracked items, and the stock chain sent after a
-- fiscalised sale (reference 4.7): `saveStockItems` (the movement) then `saveStockMaster`
-- (the absolute quantity left), as a job of its own, retried until ZRA has both.
-- Each movement is written once, in the transaction that marks its document fiscalised (or
-- that records an adjustment), with both exact request texts: a retry replays them, the
-- movement's `sarNo` (its position) makes a repeat a 994 that counts as done, and the
-- master is absolute, so sending it twice changes nothing.
-- (Numbered 0013: 0011 and 0012 are other capabilities'.)

ALTER TABLE items ADD COLUMN quantity_on_hand numeric(22, 4) NOT NULL DEFAULT 0;

-- A movement's number (`sarNo`) is taken before its request is written, so it is in the text.
CREATE SEQUENCE zra_stock_sar_numbers;

CREATE TABLE zra_stock_movements (
    id                uuid PRIMARY KEY,
    position          bigint NOT NULL UNIQUE CHECK (position > 0),
    branch_id         text NOT NULL CHECK (branch_id ~ '^[0-9]{3}$'),
    submission_id     uuid UNIQUE REFERENCES zra_submissions (id),
    sar_type          text NOT NULL CHECK (sar_type ~ '^[0-9]{2}$'),
    movement_request  text NOT NULL,
    master_request    text NOT NULL,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'movement_sent', 'done', 'rejected')),
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    last_result_code  text,
    last_error        text CHECK (length(last_error) <= 1000),
    created_at        timestamptz NOT NULL DEFAULT now(),
    done_at           timestamptz
);
CREATE INDEX zra_stock_movements_waiting ON zra_stock_movements (branch_id, position)
    WHERE status IN ('pending', 'movement_sent');
