-- The h2 workload: sales analytics run by H2's own org.h2.tools.RunScript on a file database.
-- run.sh substitutes the number of sales (SALES_ROWS, default 500000) for the ROWS placeholder.
-- Every query orders its rows completely, so the printed results are the same on every run.
DROP ALL OBJECTS;

CREATE TABLE store(id INT PRIMARY KEY, region VARCHAR(20), opened DATE);
INSERT INTO store SELECT X, 'Region-' || MOD(X, 12), DATEADD('DAY', X * 3, DATE '2015-01-01')
  FROM SYSTEM_RANGE(1, 300);

CREATE TABLE product(id INT PRIMARY KEY, title VARCHAR(80), category VARCHAR(20), price DECIMAL(10, 2));
INSERT INTO product SELECT X, 'Product number ' || X, 'cat-' || MOD(X * 13, 40), (MOD(X * 37, 5000) + 99) / 100.0
  FROM SYSTEM_RANGE(1, 100000);

CREATE TABLE sale(id BIGINT PRIMARY KEY, store_id INT, product_id INT, qty INT, sold TIMESTAMP,
  channel VARCHAR(8), memo VARCHAR(120));
INSERT INTO sale SELECT X, MOD(X * 17, 300) + 1, MOD(X * 7907, 100000) + 1, MOD(X, 9) + 1,
  DATEADD('MINUTE', X, TIMESTAMP '2023-01-01 00:00:00'),
  CASE MOD(X, 3) WHEN 0 THEN 'web' WHEN 1 THEN 'store' ELSE 'phone' END,
  'sale ' || X || ' of product ' || (MOD(X * 7907, 100000) + 1)
  FROM SYSTEM_RANGE(1, @ROWS@);

CREATE INDEX sale_product ON sale(product_id);
CREATE INDEX sale_store_sold ON sale(store_id, sold);

-- revenue by region and category: two joins and a group-by over every sale
SELECT s.region, p.category, SUM(sa.qty * p.price) revenue, COUNT(*) n
  FROM sale sa JOIN store s ON s.id = sa.store_id JOIN product p ON p.id = sa.product_id
  GROUP BY s.region, p.category ORDER BY revenue DESC, s.region, p.category LIMIT 15;

-- best-selling product of each category: a window function over a grouped join
SELECT category, id, total FROM (
  SELECT p.category, p.id, SUM(sa.qty) total,
    ROW_NUMBER() OVER (PARTITION BY p.category ORDER BY SUM(sa.qty) DESC, p.id) rn
  FROM sale sa JOIN product p ON p.id = sa.product_id GROUP BY p.category, p.id) t
  WHERE rn = 1 ORDER BY category;

-- quantity per month and its running total: a CTE and a cumulative window
WITH monthly AS (
  SELECT EXTRACT(YEAR FROM sold) y, EXTRACT(MONTH FROM sold) m, SUM(qty) q FROM sale GROUP BY y, m)
SELECT y, m, q, SUM(q) OVER (ORDER BY y, m) running FROM monthly ORDER BY y, m;

-- rewrite a tenth of the rows (H2's undo log makes big updates costly), then string work over every row
UPDATE sale SET memo = UPPER(memo) WHERE MOD(id, 10) = 3;
SELECT channel, COUNT(*), SUM(qty), COUNT(DISTINCT product_id) FROM sale GROUP BY channel ORDER BY channel;
SELECT COUNT(DISTINCT LOWER(memo)) FROM sale;

-- delete a tenth, then an IN subquery and a correlated subquery through the indexes
DELETE FROM sale WHERE MOD(id, 10) = 0;
SELECT store_id, COUNT(*) n FROM sale WHERE store_id IN (SELECT id FROM store WHERE region = 'Region-3')
  GROUP BY store_id ORDER BY n DESC, store_id LIMIT 5;
SELECT p.id, p.title, (SELECT MAX(sa.qty * p.price) FROM sale sa WHERE sa.product_id = p.id) top
  FROM product p WHERE MOD(p.id, 1000) = 7 ORDER BY p.id LIMIT 10;

SELECT COUNT(*), SUM(qty), MIN(sold), MAX(sold) FROM sale;
