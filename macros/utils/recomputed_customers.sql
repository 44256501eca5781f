{#- Incremental purchase models (docs/decisions.md, "Daily runs"): a model
    keyed by customer recomputes, in an incremental build, only the
    customers int_customers_purchases_changed logged after its own last
    computation, and keeps every other customer's rows. -#}

{#- The config of a model recomputed in part by incremental builds:
    incremental (append) where rows can be deleted, a table on Spark; its
    pre-hook deletes the rows it recomputes (by default those of the
    customers it recomputes, delete_recomputed_customers). -#}
{% macro recomputed_rows_config(pre_hook=none) %}
    {{ return({
        'materialized': loyalty.checked_rows_materialization(),
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': pre_hook or "{{ loyalty.delete_recomputed_customers(ref('int_customers_purchases_changed')) }}",
    }) }}
{% endmacro %}

{#- The latest build int_customers_purchases_changed logged (its inputs row),
    as SQL literals: {logged_at, as_of_date, inputs_key}; none in a full
    build or when the log is empty. -#}
{% macro last_logged_purchase_inputs() %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select logged_at, as_of_date, inputs_key from " ~ this
        ~ " where customer_id is null order by logged_at desc limit 1"
    ).rows -%}
    {%- if rows | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({
        'logged_at': loyalty.timestamp_literal(rows[0][0]),
        'as_of_date': none if rows[0][1] is none else loyalty.date_literal(rows[0][1]),
        'inputs_key': rows[0][2],
    }) }}
{% endmacro %}

{#- When an incremental build of this model computed it last (a timestamp
    literal): it then recomputes the customers logged after that. None in a
    full build, and when every customer is computed again: the model is
    empty, or the log was rebuilt since (it starts after that time). -#}
{% macro recompute_customers_since(changes) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- do loyalty.require_column() -%}
    {%- set row = run_query(
        "select (select max(computed_at) from " ~ this ~ "), (select min(logged_at) from " ~ changes ~ ")"
    ).rows[0] -%}
    {%- if row[0] is none or row[1] is none or row[1] > row[0] -%}
        {{ log(this.identifier ~ ": computing every customer again: " ~ changes.identifier
            ~ " holds no log since its last computation.", info=true) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return(loyalty.timestamp_literal(row[0])) }}
{% endmacro %}

{#- Pre-hook of an incremental purchase model: the rows of the customers it
    recomputes go first; all of them when it recomputes every customer. -#}
{% macro delete_recomputed_customers(changes) %}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set since = loyalty.recompute_customers_since(changes) -%}
    {%- if since is none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {{ return('delete from ' ~ this ~ ' where ' ~ loyalty.is_recomputed_customer('customer_id', changes, since)) }}
{% endmacro %}

{#- Whether a customer is one the build recomputes: logged in `changes`
    after `since` (recompute_customers_since). -#}
{% macro is_recomputed_customer(customer_id, changes, since) -%}
    {{ customer_id }} in (select {{ changes.identifier }}.customer_id from {{ changes }} where {{ changes.identifier }}.logged_at > {{ since }})
{%- endmacro %}

{#- Whether a customer is logged in either of two logs after `since`: the
    models recomputed from two logs (the purchases log with the
    subscriptions log for activity, with the membership log for member
    orders) take those customers, in the pre-hook's delete and in the
    model alike. -#}
{% macro is_logged_in_either(customer_id, changes, other_changes, since) -%}
    (
        {{ loyalty.is_recomputed_customer(customer_id, changes, since) }}
        or {{ loyalty.is_recomputed_customer(customer_id, other_changes, since) }}
    )
{%- endmacro %}

{#- When an incremental build last computed a model recomputed in part by
    the builds' inputs (int_survey_responses_by_touchpoint by response,
    int_customers_period_status by customer and period), as SQL literals:
    {since, as_of_date, first_event_date}: the model's latest computed_at,
    and the reporting window of that build (its inputs row in `changes`,
    int_customers_purchases_changed). None, with the reason in the build log,
    when every `rows` (a noun for the log: response, customer) is computed
    again: a full build, Spark, an empty model, no inputs row of that build
    (the log was rebuilt since), or other inputs than that build's (reporting
    grains, time zone, inactivity_days, products). -#}
{% macro last_computation(changes, rows) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- do loyalty.require_column() -%}
    {%- set found = run_query(
        "select computed.computed_at, then_inputs.as_of_date, then_inputs.first_event_date, "
        ~ "then_inputs.inputs_key = now_inputs.inputs_key "
        ~ "from (select max(computed_at) as computed_at from " ~ this ~ ") as computed "
        ~ "left join " ~ changes ~ " as then_inputs "
        ~ "on then_inputs.customer_id is null and then_inputs.logged_at = computed.computed_at "
        ~ "cross join (select inputs_key from " ~ changes ~ " where customer_id is null "
        ~ "order by logged_at desc limit 1) as now_inputs"
    ).rows -%}
    {%- set why = none -%}
    {%- if found | length == 0 or found[0][0] is none -%}
        {%- set why = "it is empty" -%}
    {%- elif found[0][1] is none -%}
        {%- set why = changes.identifier ~ " holds no inputs of its last computation" -%}
    {%- elif not found[0][3] -%}
        {%- set why = "the reporting grains, time zone, inactivity_days or products changed" -%}
    {%- endif -%}
    {%- if why is not none -%}
        {{ log(this.identifier ~ ": computing every " ~ rows ~ " again: " ~ why ~ ".", info=true) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return({
        'since': loyalty.timestamp_literal(found[0][0]),
        'as_of_date': loyalty.date_literal(found[0][1]),
        'first_event_date': none if found[0][2] is none else loyalty.date_literal(found[0][2]),
    }) }}
{% endmacro %}

{#- Stops an incremental build of a model recomputed in part whose table an
    earlier version of this project built, without a column its
    recomputation reads (computed_at, or int_customers_activity_intervals'
    reaches_to), with what to do instead of a database error. -#}
{% macro require_column(column='computed_at') %}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if column not in columns -%}
        {{ exceptions.raise_compiler_error(
            this.identifier ~ " was built by an earlier version of this project (it has no " ~ column ~ " column, "
            ~ "which an incremental build recomputes from): rebuild once in full, make build FULL_REFRESH=1 "
            ~ "(dbt build --full-refresh).") }}
    {%- endif -%}
{% endmacro %}

{#- A Python date as a date literal. -#}
{% macro date_literal(value) %}
    {{ return("cast('" ~ value.strftime('%Y-%m-%d') ~ "' as date)") }}
{% endmacro %}

{#- A Python datetime as a timestamp literal, microseconds included. -#}
{% macro timestamp_literal(value) %}
    {{ return("cast('" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
{% endmacro %}

{#- customer_tier_history, recomputed by customer (docs/decisions.md, "Daily
    runs"). A customer's rows there depend on their completed orders (the
    log above), the complete month ends (as_of_date) and the tier bands. Its
    last computation is recorded after it, by int_tier_history_computed:
    when, with which bands, up to which month end. In an incremental build
    this returns, as SQL literals, {since, last_month_end, month_end,
    new_month_ends}: the customers logged after `since` are recomputed, and,
    when the complete month ends now reach past last_month_end, every other
    customer gains the rows of the new month ends. None (every customer is
    computed) in a full build, on Spark, without a record, when the bands
    changed, when the log starts after the record, or without a complete
    month. -#}
{% macro last_tier_history_build(changes, tier_bands, months) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- do loyalty.require_column() -%}
    {%- set record = loyalty.model_relation('int_tier_history_computed') -%}
    {%- set why = none -%}
    {%- if adapter.get_relation(record.database, record.schema, record.identifier) is none -%}
        {%- set why = record.identifier ~ " does not exist" -%}
    {%- else -%}
        {%- set row = run_query(
            "select record.computed_at, record.last_month_end, "
            ~ "(select max(months.period_end) from " ~ months ~ " as months where months.is_complete_period), "
            ~ "record.tier_bands_key = " ~ loyalty.tier_bands_key(tier_bands) ~ ", "
            ~ "(select min(logged_at) from " ~ changes ~ ") "
            ~ "from " ~ record ~ " as record"
        ).rows -%}
        {%- if row | length == 0 or row[0][0] is none -%}
            {%- set why = record.identifier ~ " is empty" -%}
        {%- elif row[0][1] is none or row[0][2] is none -%}
            {%- set why = "no complete month" -%}
        {%- elif not row[0][3] -%}
            {%- set why = "the tier bands changed" -%}
        {%- elif row[0][4] is none or row[0][4] > row[0][0] -%}
            {%- set why = changes.identifier ~ " holds no log since its last computation" -%}
        {%- endif -%}
    {%- endif -%}
    {%- if why is not none -%}
        {{ log(this.identifier ~ ": computing every customer again: " ~ why ~ ".", info=true) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return({
        'since': loyalty.timestamp_literal(row[0][0]),
        'last_month_end': loyalty.date_literal(row[0][1]),
        'month_end': loyalty.date_literal(row[0][2]),
        'new_month_ends': row[0][2] > row[0][1],
    }) }}
{% endmacro %}

{#- Pre-hook of customer_tier_history: the rows of the customers it
    recomputes go first, and the month ends after the last complete one (an
    earlier as_of_date); all rows when it computes every customer. -#}
{% macro delete_tier_history_to_recompute(changes, tier_bands, months) %}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set last = loyalty.last_tier_history_build(changes, tier_bands, months) -%}
    {%- if last is none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {{ return('delete from ' ~ this ~ ' where ' ~ loyalty.is_recomputed_customer('customer_id', changes, last.since)
        ~ ' or month_end > ' ~ last.month_end) }}
{% endmacro %}

{#- The tier bands as one text (a scalar subquery), to tell whether they changed. -#}
{% macro tier_bands_key(tier_bands) -%}
    (select md5({{ dbt.listagg(
        "bands.tier_name || ':' || cast(bands.tier_rank as " ~ dbt.type_string() | lower ~ ") || ':' || cast(bands.spend_from as "
        ~ dbt.type_string() | lower ~ ") || ':' || coalesce(cast(bands.spend_to as " ~ dbt.type_string() | lower ~ "), '')",
        "','", "order by bands.tier_rank") }}) from {{ tier_bands }} as bands)
{%- endmacro %}

{#- Pre-hook of int_customers_rfm: the rows of the customers it recomputes
    go first (all rows when it computes every customer), and every other
    row's age_days is set to this build's: their completed orders are all
    dated on or before this build's as_of_date and every earlier one since
    their computation (int_customers_purchases_changed logs the customers
    with an order between two builds' as_of_dates), so age_days, days from
    the first order day to as_of_date, is the only value of theirs that can
    change. Set from first_order_date rather than moved by the difference
    of two as_of_dates, so a build that writes no row (and leaves the
    model's computed_at behind) cannot make the next one move it twice. -#}
{% macro delete_recomputed_rfm(changes, reporting_window) %}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set last = loyalty.last_computation(changes, 'customer') -%}
    {%- if last is none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {%- set age_now = loyalty.customer_age_days('first_order_date',
        '(select window_now.as_of_date from ' ~ reporting_window ~ ' as window_now)') -%}
    {{ return('delete from ' ~ this ~ ' where ' ~ loyalty.is_recomputed_customer('customer_id', changes, last.since)
        ~ '; update ' ~ this ~ ' set age_days = ' ~ age_now ~ ' where age_days <> ' ~ age_now) }}
{% endmacro %}

{#- int_member_orders, recomputed by customer (docs/decisions.md, "Daily
    runs"). A customer's member orders depend on their completed orders
    (int_customers_purchases_changed logs the customers whose orders a build
    may have changed), their staged memberships (int_loyalty_members_changed
    logs the customers whose memberships changed) and the program rules,
    which that log's own rows hash. last_computation's {since, ...} for it,
    or none (every customer is computed) when last_computation is none, when
    the membership log holds no row of that computation (it was rebuilt
    since), or when the rules are not that computation's. -#}
{% macro last_member_orders_computation(purchases_changes, members_changes) %}
    {%- set last = loyalty.last_computation(purchases_changes, 'customer') -%}
    {%- if last is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query(
        "select coalesce(then_rules.rules_key = now_rules.rules_key, false) "
        ~ "from (select rules_key from " ~ members_changes ~ " where customer_id is null and logged_at = " ~ last.since ~ ") as then_rules "
        ~ "cross join (select rules_key from " ~ members_changes ~ " where customer_id is null "
        ~ "order by logged_at desc limit 1) as now_rules"
    ).rows -%}
    {%- set why = none -%}
    {%- if found | length == 0 -%}
        {%- set why = members_changes.identifier ~ " holds no log of its last computation" -%}
    {%- elif not found[0][0] -%}
        {%- set why = "the programs' earns_points, the tiers' points per currency unit or the tier bands changed" -%}
    {%- endif -%}
    {%- if why is not none -%}
        {{ log(this.identifier ~ ": computing every customer again: " ~ why ~ ".", info=true) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return(last) }}
{% endmacro %}


{#- Pre-hook of int_member_orders: the rows of the customers it recomputes
    go first; all rows when it computes every customer. -#}
{% macro delete_recomputed_member_orders(purchases_changes, members_changes) %}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set last = loyalty.last_member_orders_computation(purchases_changes, members_changes) -%}
    {%- if last is none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {{ return('delete from ' ~ this ~ ' where '
        ~ loyalty.is_logged_in_either('customer_id', purchases_changes, members_changes, last.since)) }}
{% endmacro %}
