{#- int_survey_responses_by_touchpoint, recomputed by response
    (docs/decisions.md, "Daily runs"). A response's rows there depend on its
    staged row, as_of_date, reporting_grains and reporting_timezone only. A
    staged response changes only where its base row was checked (a check
    stages, rejects or swaps exactly those rows); as_of_date and the other
    inputs are in the builds' inputs rows of int_customers_purchases_changed.
    In an incremental build this returns, as SQL literals, {since, as_of_date}:
    the model's latest computed_at and the as_of_date of that build. None
    (every response is computed) in a full build, on Spark, when the model is
    empty, when the log holds no inputs row of that build, or when the inputs
    differ from that build's. -#}
{% macro last_response_computation(changes) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select computed.computed_at, then_inputs.as_of_date, then_inputs.inputs_key = now_inputs.inputs_key "
        ~ "from (select max(computed_at) as computed_at from " ~ this ~ ") as computed "
        ~ "left join " ~ changes ~ " as then_inputs "
        ~ "on then_inputs.customer_id is null and then_inputs.logged_at = computed.computed_at "
        ~ "cross join (select inputs_key from " ~ changes ~ " where customer_id is null "
        ~ "order by logged_at desc limit 1) as now_inputs"
    ).rows -%}
    {%- set why = none -%}
    {%- if rows | length == 0 or rows[0][0] is none -%}
        {%- set why = "it is empty" -%}
    {%- elif rows[0][1] is none -%}
        {%- set why = changes.identifier ~ " holds no inputs of its last computation" -%}
    {%- elif not rows[0][2] -%}
        {%- set why = "the reporting grains or time zone changed" -%}
    {%- endif -%}
    {%- if why is not none -%}
        {{ log(this.identifier ~ ": computing every response again: " ~ why ~ ".", info=true) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return({
        'since': loyalty.timestamp_literal(rows[0][0]),
        'as_of_date': "cast('" ~ rows[0][1].strftime('%Y-%m-%d') ~ "' as date)",
    }) }}
{% endmacro %}

{#- Whether a response is one an incremental build recomputes: a base row
    of it (`checked`, base_loyalty__survey_responses) was checked after
    `last.since`, or its staged row (`staged`) is dated between that build's
    as_of_date and this one's (`as_of_date`, an expression). -#}
{% macro is_recomputed_response(response_id, last, as_of_date, checked, staged) -%}
    (
        {{ response_id }} in (
            select checked.response_id from {{ checked }} as checked
            where checked.checked_at > {{ last.since }}
        )
        or {{ response_id }} in (
            select dated.response_id from {{ staged }} as dated
            where
                dated.responded_date > least({{ last.as_of_date }}, {{ as_of_date }})
                and dated.responded_date <= greatest({{ last.as_of_date }}, {{ as_of_date }})
        )
    )
{%- endmacro %}

{#- Pre-hook of int_survey_responses_by_touchpoint: the rows of the
    responses it recomputes go first; all rows when it computes every
    response. -#}
{% macro delete_recomputed_responses(changes, reporting_window, checked, staged) %}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set last = loyalty.last_response_computation(changes) -%}
    {%- if last is none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {{ return('delete from ' ~ this ~ ' where ' ~ loyalty.is_recomputed_response(
        'response_id', last, '(select window_now.as_of_date from ' ~ reporting_window ~ ' as window_now)', checked, staged)) }}
{% endmacro %}
