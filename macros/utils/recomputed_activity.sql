{#- The models of activity recomputed in part by incremental builds
    (docs/decisions.md, "Daily runs"): int_customers_activity_intervals by
    customer, int_customers_period_status by customer and by period.
    A customer's activity intervals depend on their completed orders, their
    staged subscriptions, as_of_date (which cuts them, and ends open
    subscriptions) and inactivity_days; a customer's row of a period on those
    intervals, their first activity date and the period's start and end days.
    They move only
    - with the customer's completed orders (int_customers_purchases_changed
      logs the customers whose orders a build may have changed, those dated
      between two builds' as_of_dates included) and staged subscriptions
      (int_customers_subscriptions_changed): those customers are recomputed
      in full;
    - with as_of_date, but only on days after the earlier of the two builds'
      as_of_dates: the intervals of the customers with an order or
      subscription reaching past that day, or a subscription starting
      between the two, are recomputed, and every customer's rows of the
      periods ending on or after that day;
    - with first_event_date (periods appear or go at the start),
      inactivity_days and the reporting grains: everything is recomputed. -#}

{#- last_computation's {since, as_of_date, first_event_date} for a model of
    activity, or none (every row is computed) when it is none, when
    first_event_date moved since, or when the subscription log starts after
    that computation (it was rebuilt since). -#}
{% macro last_activity_computation(purchases_changes, subscriptions_changes, reporting_window) %}
    {%- set last = loyalty.last_computation(purchases_changes, 'customer') -%}
    {%- if last is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query(
        "select coalesce((select window_now.first_event_date from " ~ reporting_window ~ " as window_now) = "
        ~ (last.first_event_date or 'null') ~ ", false), "
        ~ "coalesce((select min(logged.logged_at) from " ~ subscriptions_changes ~ " as logged) <= " ~ last.since ~ ", false)"
    ).rows[0] -%}
    {%- set why = none -%}
    {%- if not found[0] -%}
        {%- set why = "first_event_date moved" -%}
    {%- elif not found[1] -%}
        {%- set why = subscriptions_changes.identifier ~ " holds no log since its last computation" -%}
    {%- endif -%}
    {%- if why is not none -%}
        {{ log(this.identifier ~ ": computing every customer again: " ~ why ~ ".", info=true) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return(last) }}
{% endmacro %}

{#- Whether a customer's activity intervals are recomputed: their activity
    changed (either log holds them: is_logged_in_either), or as_of_date moved since `last`
    and a staged subscription of theirs (`subscriptions`) starts between the
    two as_of_dates (an interval appears or goes). Every other customer's
    intervals all start on or before both as_of_dates, so cutting them at
    either gives the same islands, each ending at the earlier of its uncut
    end (reaches_to) and as_of_date: delete_recomputed_activity sets that end in
    place. -#}
{% macro is_recomputed_interval_customer(customer_id, last, purchases_changes, subscriptions_changes, reporting_window, subscriptions) -%}
    {%- set as_of = loyalty.as_of_dates(last, reporting_window) -%}
    (
        {{ loyalty.is_logged_in_either(customer_id, purchases_changes, subscriptions_changes, last.since) }}
        or (
            {{ as_of.moved }}
            and {{ customer_id }} in (
                select starting_subscriptions.customer_id from {{ subscriptions }} as starting_subscriptions
                where
                    starting_subscriptions.started_date > {{ as_of.earlier }}
                    and starting_subscriptions.started_date <= {{ as_of.later }}
            )
        )
    )
{%- endmacro %}

{#- An island's last active day at as_of_date `as_of_now`: its uncut end
    (`reaches_to`, null when an open subscription keeps it going) cut at
    as_of_date. The model writes it, and delete_recomputed_activity sets it in place
    for the customers an incremental build does not recompute. -#}
{% macro interval_end(reaches_to, as_of_now) -%}
    case
        when {{ reaches_to }} is null or {{ reaches_to }} > {{ as_of_now }} then {{ as_of_now }}
        else {{ reaches_to }}
    end
{%- endmacro %}

{#- The last computation's as_of_date against this build's, as SQL
    expressions: {moved: whether they differ, earlier, later}. -#}
{% macro as_of_dates(last, reporting_window) %}
    {%- set as_of_now = '(select window_now.as_of_date from ' ~ reporting_window ~ ' as window_now)' -%}
    {{ return({
        'moved': last.as_of_date ~ ' <> ' ~ as_of_now,
        'earlier': 'least(' ~ last.as_of_date ~ ', ' ~ as_of_now ~ ')',
        'later': 'greatest(' ~ last.as_of_date ~ ', ' ~ as_of_now ~ ')',
    }) }}
{% endmacro %}

{#- Whether a period (of any reporting grain) is one whose rows an
    incremental build recomputes for every customer: as_of_date moved since
    `last` and the period ends on or after the earlier of the two as_of_dates
    (periods are calendar-aligned, so: it starts on or after the start of the
    period holding that day). -#}
{% macro is_period_moved_by_as_of_date(period_grain, period_start, last, reporting_window) -%}
    {%- set as_of = loyalty.as_of_dates(last, reporting_window) -%}
    (
        {{ as_of.moved }}
        and (
            {%- for grain in loyalty.reporting_grains() %}
            {% if not loop.first %}or {% endif %}({{ period_grain }} = '{{ grain }}' and {{ period_start }} >= {{ loyalty.period_start(as_of.earlier, grain) }})
            {%- endfor %}
        )
    )
{%- endmacro %}

{#- Pre-hook of the models of activity: the rows they recompute go first;
    every row when they compute every row. `subscriptions`
    (stg_loyalty__subscriptions) is given by int_customers_activity_intervals,
    which recomputes by customer (is_recomputed_interval_customer) and sets
    every other island's end from this build's as_of_date (interval_end):
    set, not moved, so a build that writes no row cannot make the next one
    move it twice. Without it the rows are int_customers_period_status's,
    recomputed by customer and period. -#}
{% macro delete_recomputed_activity(purchases_changes, subscriptions_changes, reporting_window, subscriptions=none) %}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set last = loyalty.last_activity_computation(purchases_changes, subscriptions_changes, reporting_window) -%}
    {%- if last is none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- elif subscriptions is not none -%}
        {%- do loyalty.require_column('reaches_to') -%}
        {%- set as_of_now = '(select window_now.as_of_date from ' ~ reporting_window ~ ' as window_now)' -%}
        {{ return('delete from ' ~ this ~ ' where ' ~ loyalty.is_recomputed_interval_customer(
            'customer_id', last, purchases_changes, subscriptions_changes, reporting_window, subscriptions)
            ~ '; update ' ~ this ~ ' set active_to = ' ~ loyalty.interval_end('reaches_to', as_of_now)
            ~ ' where active_to <> ' ~ loyalty.interval_end('reaches_to', as_of_now)) }}
    {%- endif -%}
    {{ return('delete from ' ~ this ~ ' where '
        ~ loyalty.is_logged_in_either('customer_id', purchases_changes, subscriptions_changes, last.since)
        ~ ' or ' ~ loyalty.is_period_moved_by_as_of_date('period_grain', 'period_start', last, reporting_window)) }}
{% endmacro %}
