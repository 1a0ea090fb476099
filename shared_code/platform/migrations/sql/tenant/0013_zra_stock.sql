-- ZRA stock and reference data. The quantity on hand of stock-tracked items, and the stock chain sent after a
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

-- ZRA's item classifications (selectItemsClass, UNSPSC-based, about 40,000 in production),
-- cached per organization like the codes, from their own bookmark (`item_classes` in
-- zra_sync_bookmarks). An item's classification is checked against them before it is sent.
CREATE TABLE zra_item_classes (
    code  text PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 20),
    body  jsonb NOT NULL
);

-- Where the goods come from (`orgnNatCd`, ISO 3166 alpha-2, ZRA code class 05).
ALTER TABLE items ADD COLUMN origin_country text NOT NULL DEFAULT 'ZM' CHECK (origin_country ~ '^[A-Z]{2}$');

-- Several branches: one VSDC device per branch (each its own URL, serial and SDC id), and an
-- invoice is issued from a branch (NULL: the organization's main device, the head office's
-- when it has one). Its notes go to the branch of their invoice.
DROP INDEX zra_devices_one_branch;
ALTER TABLE invoices ADD COLUMN branch_id text CHECK (branch_id ~ '^[0-9]{3}$');
